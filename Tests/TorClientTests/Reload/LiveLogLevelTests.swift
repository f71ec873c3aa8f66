import Foundation
import Testing
import TorCore
@testable import TorClient

@Suite struct LiveLogLevelTests {
    @Test func logLevelEditReachesAnOpenFileSinkWithoutReopeningIt() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let torrc = directory + "/torrc"
        let logFile = directory + "/tor.log"
        let before = "Log notice file \(logFile)\n"
        try before.write(toFile: torrc, atomically: false, encoding: .utf8)
        let running = try configuration(before, fileName: torrc)
        let router = try TorLogRouter(configuration: running)
        let reloader = ConfigurationReloader(
            path: torrc, configuration: running, homeDirectory: "/home/test", logger: CapturedLog().logger)
        await reloader.registerLogging(router)

        router.write(severity: .debug, message: "debug before")
        router.write(severity: .notice, message: "notice before")
        try (before + "LogLevel debug\n").write(toFile: torrc, atomically: false, encoding: .utf8)
        await reloader.reload(trigger: .signal)
        router.write(severity: .debug, message: "debug after")
        router.write(severity: .notice, message: "notice after")

        let lines = try String(contentsOfFile: logFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.map { $0.split(separator: " ", maxSplits: 3).last.map(String.init) ?? "" } == [
            "[notice] notice before", "[debug] debug after", "[notice] notice after",
        ])
        #expect(router.lowestSeverity == .debug)
    }

    @Test func explicitLogLevelLowersButNeverRaisesALogLine() throws {
        let lowered = try configuration("Log notice stdout\nLogLevel debug\n")
        #expect(TorLogRouter.severityRanges(for: lowered).map(\.1) == [.debug ... .err])
        let kept = try configuration("Log notice stdout\nLogLevel warn\n")
        #expect(TorLogRouter.severityRanges(for: kept).map(\.1) == [.notice ... .err])
        let implicit = try configuration("Log warn stdout\nLog stderr\n")
        #expect(TorLogRouter.severityRanges(for: implicit).map(\.1) == [.warn ... .err, .notice ... .err])
    }

    @Test func reloadThatLeavesLoggingAloneKeepsTheSameSinks() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let torrc = directory + "/torrc"
        try "Log notice stderr\n".write(toFile: torrc, atomically: false, encoding: .utf8)
        let running = try configuration("Log notice stderr\n", fileName: torrc)
        let router = try TorLogRouter(configuration: running)
        let reloader = ConfigurationReloader(
            path: torrc, configuration: running, homeDirectory: "/home/test", logger: CapturedLog().logger)
        await reloader.registerLogging(router)
        let sinks = router.currentSinks
        try "Log notice stderr\nCircuitPoolMinSize 3\n".write(toFile: torrc, atomically: false, encoding: .utf8)
        await reloader.reload(trigger: .signal)
        // Nothing about logging changed: the very same sinks stay.
        #expect(router.currentSinks.map(ObjectIdentifier.init) == sinks.map(ObjectIdentifier.init))
    }
}

@Suite struct ReloadSignalHandlerTests {
    @Test func hangupSignalReloadsTheTorrc() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let torrc = directory + "/torrc"
        try "CircuitPoolMinSize 2\n".write(toFile: torrc, atomically: false, encoding: .utf8)
        let reloader = ConfigurationReloader(
            path: torrc, configuration: try configuration("CircuitPoolMinSize 2\n", fileName: torrc),
            homeDirectory: "/home/test", logger: CapturedLog().logger)
        let handler = ReloadSignalHandler(reloader: reloader)
        defer { handler.cancel() }
        try "CircuitPoolMinSize 5\n".write(toFile: torrc, atomically: false, encoding: .utf8)
        kill(getpid(), SIGHUP)
        // A real signal arrives asynchronously: wait for it, at most 10 seconds.
        let deadline = ContinuousClock.now + .seconds(10)
        while await reloader.configuration.reloadable.circuitPoolMinSize != 5, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await reloader.configuration.reloadable.circuitPoolMinSize == 5)
    }
}

@Suite struct LiveStreamIsolationTests {
    @Test func reloadChangesTheIsolationOfNewStreamsOnlyWherePortsGiveNoFlag() async throws {
        let text = "SocksPort 9050\nSocksPort 9150 IsolateSOCKSAuth\n"
        let running = try configuration(text)
        let files = ScriptedFileSystem(text: text, modified: .seconds(1_000))
        let wall = ScriptedWallClock()
        wall.set(.seconds(1_010))
        let reloader = ConfigurationReloader(
            path: "/etc/tor/torrc", configuration: running, homeDirectory: "/home/test", fileSystem: files,
            wallClock: wall.read, logger: CapturedLog().logger)
        let isolation = LiveStreamIsolation(running.reloadable)
        await reloader.registerStreamIsolation(isolation)
        let (plain, flagged) = (running.socksPorts[0], running.socksPorts[1])
        let openedBefore = isolation.isolation(for: plain)
        #expect(openedBefore.destinationAddress == false)
        #expect(openedBefore.socksAuthentication == true)

        files.set(text: text + "IsolateDestinations 1\nIsolateSOCKSAuth 0\nIsolateClientPort 1\nIsolateClientProtocol 1\n", modified: .seconds(1_011))
        wall.set(.seconds(1_020))
        await reloader.reload(trigger: .poll)

        let openedAfter = isolation.isolation(for: plain)
        #expect(openedAfter.destinationAddress && openedAfter.destinationPort)
        #expect(openedAfter.socksAuthentication == false)
        #expect(openedAfter.clientPort && openedAfter.clientProtocol)
        // A port's own flag still wins over the torrc-wide option.
        #expect(isolation.isolation(for: flagged).socksAuthentication == true)
    }
}
