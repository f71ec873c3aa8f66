import Foundation
import Testing
import TorCore
@testable import TorClient

@Suite struct TorLogRouterTests {
    private func temporaryPath() -> String {
        NSTemporaryDirectory() + "torlog-\(UUID().uuidString).log"
    }

    @Test func writesEachLineToTheFileAtOnceInTorsFormat() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let router = TorLogRouter(sinks: [try TorLogSink.open(.file(path), severities: .notice ... .err)])
        router.write(severity: .notice, message: "Bootstrapped 5% (conn): Connecting to a relay")
        // No flush, no close: the line must already be in the file.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix(" [notice] Bootstrapped 5% (conn): Connecting to a relay\n"))
        #expect(text.split(separator: "\n").count == 1)
    }

    @Test func dropsLinesBelowTheSinksRangeAndRaisesTheLevelOnReplace() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let router = TorLogRouter(sinks: [try TorLogSink.open(.file(path), severities: .notice ... .err)])
        router.write(severity: .debug, message: "hidden")
        #expect(router.lowestSeverity == .notice)
        router.replace(sinks: [try TorLogSink.open(.file(path), severities: .debug ... .err)])
        #expect(router.lowestSeverity == .debug)
        router.write(severity: .debug, message: "shown")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("hidden"))
        #expect(text.contains("[debug] shown"))
    }

    @Test func sinksFollowTheTorrcLogLinesAndLogLevel() throws {
        let (configuration, _) = try TorConfiguration.parse(
            text: "Log info-warn stderr\nLog stdout\nLogLevel debug\n", fileName: "torrc")
        let sinks = try TorLogRouter.sinks(for: configuration)
        // An explicit LogLevel lowers the ranged line's minimum too.
        #expect(sinks.map(\.severities) == [.debug ... .warn, .debug ... .err])
        #expect(sinks.map(\.target) == [.standardError, .standardOutput])
    }
}
