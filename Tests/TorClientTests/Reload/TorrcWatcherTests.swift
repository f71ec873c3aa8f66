import Foundation
import Testing
import TorCore
@testable import TorClient

@Suite struct TorrcWatcherTests {
    private let start: Duration = .seconds(1_000_000)

    private func watcher(_ files: ScriptedFileSystem, _ clock: ScriptedWallClock) -> TorrcWatcher {
        TorrcWatcher(path: "/etc/torrc", fileSystem: files, wallClock: clock.read)
    }

    private func text(of event: TorrcWatchEvent) -> String? {
        if case .changed(let version) = event { return version.text }
        return nil
    }

    @Test func firstPollReadsTheFileThenAnUntouchedFileIsNotReadAgain() {
        let files = ScriptedFileSystem(text: "LogLevel info\n", modified: start)
        let clock = ScriptedWallClock()
        clock.set(start + .seconds(60))
        var watcher = watcher(files, clock)
        #expect(text(of: watcher.poll()) == "LogLevel info\n")
        clock.set(start + .seconds(65))
        #expect(watcher.poll() == .unchanged)
        #expect(files.reads == 1)
    }

    @Test func editWithinTheSameSecondAsTheLastReadIsStillSeen() {
        // mtime, size and inode all stay the same: only the content check can see the edit.
        let files = ScriptedFileSystem(text: "CircuitPoolMinSize 2\n", modified: start)
        let clock = ScriptedWallClock()
        clock.set(start + .milliseconds(300))
        var watcher = watcher(files, clock)
        #expect(text(of: watcher.poll()) == "CircuitPoolMinSize 2\n")
        files.overwriteKeepingStatus("CircuitPoolMinSize 6\n")
        clock.set(start + .seconds(5))
        #expect(text(of: watcher.poll()) == "CircuitPoolMinSize 6\n")
        // That read was long after the mtime: from now on the stat alone decides.
        clock.set(start + .seconds(10))
        #expect(watcher.poll() == .unchanged)
        #expect(files.reads == 2)
    }

    @Test func touchWithoutNewContentIsNotAChange() {
        let files = ScriptedFileSystem(text: "LogLevel info\n", modified: start)
        let clock = ScriptedWallClock()
        clock.set(start + .seconds(60))
        var watcher = watcher(files, clock)
        _ = watcher.poll()
        files.set(text: "LogLevel info\n", modified: start + .seconds(61))
        clock.set(start + .seconds(65))
        #expect(watcher.poll() == .unchanged)
        #expect(files.reads == 2)
    }

    @Test func missingFileIsReportedOnceThenItsReturnIsRead() {
        let files = ScriptedFileSystem(text: "LogLevel info\n", modified: start)
        let clock = ScriptedWallClock()
        clock.set(start + .seconds(60))
        var watcher = watcher(files, clock)
        _ = watcher.poll()
        files.remove()
        guard case .unreadable(let message) = watcher.poll() else {
            Issue.record("a missing file must be reported")
            return
        }
        #expect(message.contains("/etc/torrc"))
        #expect(message.contains("No such file"))
        #expect(watcher.poll() == .unchanged)
        #expect(watcher.poll() == .unchanged)
        // A forced look (SIGHUP) reports it again.
        #expect(watcher.poll(force: true) == .unreadable(message))
        files.set(text: "LogLevel debug\n", modified: start + .seconds(70), inode: 2)
        clock.set(start + .seconds(75))
        #expect(text(of: watcher.poll()) == "LogLevel debug\n")
    }

    @Test func unreadableFileIsReportedOncePerFailure() {
        let files = ScriptedFileSystem(text: "LogLevel info\n", modified: start)
        let clock = ScriptedWallClock()
        clock.set(start + .seconds(60))
        var watcher = watcher(files, clock)
        _ = watcher.poll()
        files.set(text: "LogLevel debug\n", modified: start + .seconds(61))
        files.failReads("Permission denied")
        clock.set(start + .seconds(65))
        guard case .unreadable(let message) = watcher.poll() else {
            Issue.record("an unreadable file must be reported")
            return
        }
        #expect(message.contains("Permission denied"))
        #expect(watcher.poll() == .unchanged)
        files.failReads(nil)
        #expect(text(of: watcher.poll()) == "LogLevel debug\n")
    }

    @Test func forcedPollReportsKnownContent() {
        let files = ScriptedFileSystem(text: "LogLevel info\n", modified: start)
        let clock = ScriptedWallClock()
        clock.set(start + .seconds(60))
        var watcher = watcher(files, clock)
        _ = watcher.poll()
        #expect(text(of: watcher.poll(force: true)) == "LogLevel info\n")
    }

    @Test func realFileRewrittenTwiceInOneSecondIsSeenBothTimes() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/torrc"
        try "CircuitPoolMinSize 2\n".write(toFile: path, atomically: false, encoding: .utf8)
        var watcher = TorrcWatcher(path: path)
        #expect(text(of: watcher.poll()) == "CircuitPoolMinSize 2\n")
        // Same size, written in place right away: on a one-second mtime file system the stat
        // would not change.
        try "CircuitPoolMinSize 6\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(text(of: watcher.poll()) == "CircuitPoolMinSize 6\n")
        #expect(watcher.poll() == .unchanged)
        try FileManager.default.removeItem(atPath: path)
        guard case .unreadable(let message) = watcher.poll() else {
            Issue.record("a deleted torrc must be reported")
            return
        }
        #expect(message.contains(path))
    }
}
