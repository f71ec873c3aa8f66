import Foundation
import Logging
import NIOConcurrencyHelpers
import TorCore
@testable import TorClient

/// A torrc file system scripted by the test: its status and contents change only when told to,
/// and it counts reads (to prove the watcher skips them).
final class ScriptedFileSystem: TorrcFileSystem, @unchecked Sendable {
    private struct State {
        var status: TorrcFileStatus?
        var contents: [UInt8] = []
        var reads = 0
        var readFailure: String?
    }
    private let state = NIOLockedValueBox(State())

    /// A file with `text`, modified at `modified` seconds after the epoch.
    init(text: String, modified: Duration) {
        set(text: text, modified: modified)
    }

    /// Replaces the file: new content, and a status with this mtime and the content's size.
    func set(text: String, modified: Duration, inode: UInt64 = 1) {
        state.withLockedValue {
            $0.contents = Array(text.utf8)
            $0.status = TorrcFileStatus(modified: modified, size: Int64(text.utf8.count), inode: inode, device: 1)
        }
    }

    /// Changes the content only, keeping the status as it was (an edit within one mtime tick).
    func overwriteKeepingStatus(_ text: String) {
        state.withLockedValue { $0.contents = Array(text.utf8) }
    }

    /// Removes the file.
    func remove() {
        state.withLockedValue { $0.status = nil }
    }

    /// Makes reads fail (stat still works), as for a file without read permission.
    func failReads(_ message: String?) {
        state.withLockedValue { $0.readFailure = message }
    }

    var reads: Int { state.withLockedValue { $0.reads } }

    func status(of path: String) throws -> TorrcFileStatus {
        guard let status = state.withLockedValue({ $0.status }) else {
            throw TorClientError(.reloadUnreadable, kind: .badInput, "cannot read \(path): No such file or directory")
        }
        return status
    }

    func contents(of path: String) throws -> [UInt8] {
        try state.withLockedValue {
            if let failure = $0.readFailure {
                throw TorClientError(.reloadUnreadable, kind: .badInput, "cannot read \(path): \(failure)")
            }
            guard $0.status != nil else {
                throw TorClientError(.reloadUnreadable, kind: .badInput, "cannot read \(path): No such file or directory")
            }
            $0.reads += 1
            return $0.contents
        }
    }
}

/// A wall clock the test sets.
final class ScriptedWallClock: @unchecked Sendable {
    private let now = NIOLockedValueBox(Duration.seconds(1_000_000))
    var read: @Sendable () -> Duration { { [now] in now.withLockedValue { $0 } } }
    func set(_ value: Duration) { now.withLockedValue { $0 = value } }
}

/// A poll clock whose sleeps return at once, recording each duration, and that cancels the
/// loop (throws) after `limit` sleeps: the loop runs a known number of polls, never real time.
final class CountingClock: ResilienceClock, @unchecked Sendable {
    private let sleeps = NIOLockedValueBox<[Duration]>([])
    private let limit: Int
    /// Runs before each sleep returns, with the sleep's index (to edit the file between polls).
    private let beforeWake: @Sendable (Int) -> Void

    init(limit: Int, beforeWake: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.limit = limit
        self.beforeWake = beforeWake
    }

    var recorded: [Duration] { sleeps.withLockedValue { $0 } }

    func now() -> ResilienceInstant { ResilienceInstant(offset: .zero) }

    func sleep(for duration: Duration) async throws {
        let index = sleeps.withLockedValue { sleeps -> Int in
            sleeps.append(duration)
            return sleeps.count - 1
        }
        guard index < limit else { throw CancellationError() }
        beforeWake(index)
    }
}

/// Keeps every message logged through it, with its level.
final class CapturedLog: @unchecked Sendable {
    private let lines = NIOLockedValueBox<[(Logger.Level, String)]>([])

    var logger: Logger {
        Logger(label: "test.reload") { _ in CapturingHandler(log: self) }
    }

    var messages: [String] { lines.withLockedValue { $0.map(\.1) } }

    func messages(at level: Logger.Level) -> [String] {
        lines.withLockedValue { $0.filter { $0.0 == level }.map(\.1) }
    }

    fileprivate func append(_ level: Logger.Level, _ message: String) {
        lines.withLockedValue { $0.append((level, message)) }
    }
}

private struct CapturingHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        log.append(event.level, event.message.description)
    }
}

/// A fresh temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "torreload-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Parses torrc text that must be valid.
func configuration(_ text: String, fileName: String = "torrc") throws -> TorConfiguration {
    try TorConfiguration.parse(text: text, fileName: fileName, homeDirectory: "/home/test").0
}
