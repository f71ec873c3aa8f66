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
