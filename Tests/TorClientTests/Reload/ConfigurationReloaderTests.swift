import ControlPort
import Foundation
import NIOConcurrencyHelpers
import Testing
import TorCore
@testable import TorClient

@Suite struct ConfigurationReloaderTests {
    private let start: Duration = .seconds(2_000_000)

    /// A reloader over a scripted torrc, with targets that record what they were given.
    private struct Fixture {
        let files: ScriptedFileSystem
        let clock: ScriptedWallClock
        let log = CapturedLog()
        let calls = NIOLockedValueBox<[String]>([])
        let reloader: ConfigurationReloader

        init(text: String, start: Duration, pollClock: any ResilienceClock = SystemResilienceClock()) throws {
            files = ScriptedFileSystem(text: text, modified: start)
            clock = ScriptedWallClock()
            clock.set(start + .seconds(60))
            reloader = ConfigurationReloader(
                path: "/etc/tor/torrc", configuration: try configuration(text), homeDirectory: "/home/test",
                fileSystem: files, clock: pollClock, wallClock: clock.read, logger: log.logger)
        }

        /// Registers targets "first" and "second", recording each call with the pool size it saw.
        func registerRecorders() async {
            for name in ["first", "second"] {
                await reloader.register(name) { [calls] plan in
                    calls.withLockedValue { $0.append("\(name):\(plan.configuration.reloadable.circuitPoolMinSize)") }
                }
            }
        }

        /// Edits the torrc, later in time.
        func edit(_ text: String, at seconds: Int64) {
            files.set(text: text, modified: clock.read() + .seconds(seconds))
            clock.set(clock.read() + .seconds(seconds + 5))
        }
    }

    @Test func acceptedChangeReachesEveryTargetInOrderAndIsLogged() async throws {
        let fixture = try Fixture(text: "CircuitPoolMinSize 2\n", start: start)
        await fixture.registerRecorders()
        guard case .unchanged = await fixture.reloader.reload(trigger: .poll) else {
            Issue.record("the file the client started with is not a change")
            return
        }
        fixture.edit("CircuitPoolMinSize 6\nLogLevel debug\n", at: 1)
        guard case .applied = await fixture.reloader.reload(trigger: .poll) else {
            Issue.record("the edit must be applied")
            return
        }
        #expect(fixture.calls.withLockedValue { $0 } == ["first:6", "second:6"])
        #expect(await fixture.reloader.configuration.reloadable.circuitPoolMinSize == 6)
        #expect(fixture.log.messages(at: .notice) == [
            "Reloaded torrc /etc/tor/torrc: LogLevel notice -> debug, CircuitPoolMinSize 2 -> 6",
        ])
        guard case .accepted(_, let failed) = await fixture.reloader.status else {
            Issue.record("status must say accepted")
            return
        }
        #expect(failed.isEmpty)
    }

    @Test func rejectedVersionKeepsTheRunningConfigurationAndIsLoggedOnce() async throws {
        let fixture = try Fixture(text: "CircuitPoolMinSize 2\n", start: start)
        await fixture.registerRecorders()
        await fixture.reloader.reload(trigger: .poll)
        let running = await fixture.reloader.configuration
        fixture.edit("CircuitPoolMinSize 6\nCircuitPoolMaxSize many\n", at: 1)
        for _ in 0..<3 {
            await fixture.reloader.reload(trigger: .poll)
            fixture.clock.set(fixture.clock.read() + .seconds(5))
        }
        #expect(await fixture.reloader.configuration == running)
        #expect(fixture.calls.withLockedValue { $0 }.isEmpty)
        let warnings = fixture.log.messages(at: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("Reload of /etc/tor/torrc rejected: /etc/tor/torrc:2:") == true)
        #expect(warnings.first?.hasSuffix("; keeping the running configuration.") == true)
        guard case .rejected(_, let message) = await fixture.reloader.status else {
            Issue.record("status must show the rejection")
            return
        }
        #expect(message.contains("/etc/tor/torrc:2:"))
        // Fixed: applied, and the status says so.
        fixture.edit("CircuitPoolMinSize 6\nCircuitPoolMaxSize 16\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        #expect(fixture.calls.withLockedValue { $0 } == ["first:6", "second:6"])
        guard case .accepted = await fixture.reloader.status else {
            Issue.record("status must say accepted after the fix")
            return
        }
    }

    @Test func badVersionComingBackAfterAGoodOneShowsInStatusWithoutASecondWarning() async throws {
        let fixture = try Fixture(text: "CircuitPoolMinSize 2\n", start: start)
        fixture.edit("Bogus 1\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        fixture.edit("CircuitPoolMinSize 3\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        guard case .accepted = await fixture.reloader.status else {
            Issue.record("the good version must be accepted")
            return
        }
        fixture.edit("Bogus 1\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        #expect(fixture.log.messages(at: .warning).count == 1)
        guard case .rejected(_, let message) = await fixture.reloader.status else {
            Issue.record("the status must show the bad version again")
            return
        }
        #expect(message.contains("Bogus"))
        #expect(await fixture.reloader.configuration.reloadable.circuitPoolMinSize == 3)
    }

    @Test func signalReportsARejectedVersionAgain() async throws {
        let fixture = try Fixture(text: "CircuitPoolMinSize 2\n", start: start)
        fixture.edit("Bogus 1\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        await fixture.reloader.reload(trigger: .poll)
        await fixture.reloader.reload(trigger: .signal)
        #expect(fixture.log.messages(at: .warning).count == 2)
        #expect(fixture.log.messages(at: .notice).contains("Received reload signal (hup). Reloading config."))
    }

    @Test func restartOnlyChangeIsNamedAndTheRestApplied() async throws {
        let fixture = try Fixture(text: "DataDirectory /var/lib/a\nCookieAuthFile /run/c\n", start: start)
        await fixture.registerRecorders()
        fixture.edit("DataDirectory /var/lib/b\nCookieAuthFile /run/c\nCircuitPoolMinSize 4\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        #expect(fixture.log.messages(at: .notice) == [
            "Reloaded torrc /etc/tor/torrc: CircuitPoolMinSize 2 -> 4",
            "DataDirectory changed in /etc/tor/torrc; restart the client to apply it.",
        ])
        #expect(await fixture.reloader.configuration.dataDirectory == "/var/lib/a")
        #expect(fixture.calls.withLockedValue { $0 } == ["first:4", "second:4"])
    }

    @Test func failingTargetDoesNotStopTheOthersAndIsShownInStatus() async throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let fixture = try Fixture(text: "", start: start)
        await fixture.reloader.register("broken") { _ in throw Refused() }
        await fixture.registerRecorders()
        fixture.edit("CircuitPoolMinSize 3\n", at: 1)
        await fixture.reloader.reload(trigger: .poll)
        #expect(fixture.calls.withLockedValue { $0 } == ["first:3", "second:3"])
        #expect(await fixture.reloader.status.summary.hasSuffix("; not applied to: broken"))
        #expect(fixture.log.messages(at: .warning).first?.contains("the broken: refused") == true)
    }

    @Test func missingTorrcIsARejectionNotACrash() async throws {
        let fixture = try Fixture(text: "CircuitPoolMinSize 2\n", start: start)
        await fixture.reloader.reload(trigger: .poll)
        fixture.files.remove()
        await fixture.reloader.reload(trigger: .poll)
        await fixture.reloader.reload(trigger: .poll)
        #expect(fixture.log.messages(at: .warning).count == 1)
        #expect(await fixture.reloader.status.summary.contains("No such file"))
        #expect(await fixture.reloader.configuration.reloadable.circuitPoolMinSize == 2)
    }

    @Test func pollLoopUsesTheIntervalAndReadsItAgainAfterAReload() async throws {
        let files = ScriptedFileSystem(text: "TorrcPollInterval 7 seconds\n", modified: start)
        let wall = ScriptedWallClock()
        wall.set(start + .seconds(60))
        let pollClock = CountingClock(limit: 3) { index in
            if index == 0 {
                files.set(text: "TorrcPollInterval 2 seconds\n", modified: start + .seconds(61))
                wall.set(start + .seconds(70))
            }
        }
        let reloader = ConfigurationReloader(
            path: "/etc/tor/torrc", configuration: try configuration("TorrcPollInterval 7 seconds\n"),
            homeDirectory: "/home/test", fileSystem: files, clock: pollClock, wallClock: wall.read, logger: CapturedLog().logger)
        await reloader.run()
        #expect(pollClock.recorded == [.seconds(7), .seconds(2), .seconds(2), .seconds(2)])
        #expect(await reloader.configuration.torrcPollInterval == .seconds(2))
    }

    @Test func setConfigurationIsAllOrNothingAndSaveWritesIt() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/torrc"
        let original = "# my settings\nCircuitPoolMinSize 2\nLog notice \\\n  stdout\n"
        try original.write(toFile: path, atomically: false, encoding: .utf8)
        let log = CapturedLog()
        let reloader = ConfigurationReloader(
            path: path, configuration: try configuration(original, fileName: path), homeDirectory: "/home/test",
            logger: log.logger)
        await expectThrows {
            try await reloader.setConfiguration([
                ControlConfigurationChange(name: "CircuitPoolMinSize", operation: .set("8")),
                ControlConfigurationChange(name: "circuitpoolmaxsize", operation: .set("4")),
            ])
        }
        #expect(await reloader.configuration.reloadable.circuitPoolMinSize == 2)
        try await reloader.setConfiguration([
            ControlConfigurationChange(name: "circuitpoolminsize", operation: .set("8")),
            ControlConfigurationChange(name: "Log", operation: .set("info stdout")),
        ])
        #expect(await reloader.configuration.reloadable.circuitPoolMinSize == 8)
        #expect(await reloader.configuration.logs.map(\.description) == ["info stdout"])
        try await reloader.save()
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved == "# my settings\nCircuitPoolMinSize 8\nLog info stdout\n")
        // The saved file is what runs: the next poll is not a change.
        guard case .unchanged = await reloader.reload(trigger: .poll) else {
            Issue.record("the saved file must not count as an edit")
            return
        }
    }

    @Test func aSetconfBeforeTheFirstPollIsNotUndoneByIt() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/torrc"
        let original = "CircuitPoolMinSize 2\n"
        try original.write(toFile: path, atomically: false, encoding: .utf8)
        let reloader = ConfigurationReloader(
            path: path, configuration: try configuration(original, fileName: path), homeDirectory: "/home/test",
            logger: CapturedLog().logger)
        // The client starts, and a controller sets an option before the poll loop first looks.
        try await reloader.setConfiguration([ControlConfigurationChange(name: "CircuitPoolMinSize", operation: .set("3"))])
        guard case .unchanged = await reloader.reload(trigger: .poll) else {
            Issue.record("the file as it was when SETCONF read it is not an edit")
            return
        }
        #expect(await reloader.configuration.reloadable.circuitPoolMinSize == 3)
        // A real edit afterwards still counts.
        try "CircuitPoolMinSize 5\n".write(toFile: path, atomically: false, encoding: .utf8)
        _ = await reloader.reload(trigger: .poll)
        #expect(await reloader.configuration.reloadable.circuitPoolMinSize == 5)
    }

    private func expectThrows(_ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected an error")
        } catch {}
    }
}
