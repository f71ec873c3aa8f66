import Testing
@testable import TorCore

/// The torrc.example shipped at the repository root must be valid and produce no warning,
/// because it documents every option with its default.
@Suite struct ExampleTorrcTests {
    /// `<repo>/torrc.example`, found from this file's path (Tests/TorCoreTests/Config/...).
    private static let examplePath: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)
        return components.joined(separator: "/") + "/torrc.example"
    }()

    @Test func exampleParsesWithoutWarnings() throws {
        let (configuration, warnings) = try TorConfiguration.load(path: Self.examplePath, homeDirectory: "/home/tester")
        #expect(warnings.map(\.description) == [])
        #expect(configuration.testingTorNetwork)
        #expect(configuration.socksPorts.map(\.description) == ["127.0.0.1:9050"])
        #expect(configuration.controlPorts == [ListenEndpoint(address: "127.0.0.1", port: .fixed(9051))])
        #expect(configuration.cookieAuthentication)
        #expect(configuration.safeLogging == .enabled)
        #expect(configuration.logs == [LogDestination(selectors: [LogSelector(minimum: .notice)], target: .standardOutput)])
    }

    @Test func exampleDocumentsEveryImplementedOption() throws {
        let text = try TorrcFile.readText(path: Self.examplePath)
        for name in TorrcOptionTable.names {
            #expect(text.contains("\n# \(name) ") || text.contains("\n\(name) "), "\(name) is not documented")
        }
    }

    @Test func verifyConfigAcceptsTheExampleSilently() {
        let report = ConfigurationVerifier.verify(path: Self.examplePath, defaultPaths: [], homeDirectory: "/home/tester")
        #expect(report.exitCode == 0)
        #expect(report.standardError.isEmpty)
        #expect(report.standardOutput == ["Configuration was valid"])
    }
}
