import Testing
@testable import TorCore

/// Log lines (tor(1), Log), SafeLogging and LogLevel.
@Suite struct LogDestinationTests {
    private func logs(_ text: String) throws -> [LogDestination] {
        try TorrcFixture.configuration(text).logs
    }

    @Test func defaultIsStdoutFollowingLogLevel() throws {
        let configuration = try TorrcFixture.configuration("")
        #expect(configuration.logs == [LogDestination(selectors: [], target: .standardOutput)])
        #expect(configuration.reloadable.logLevel == .notice)
        #expect(configuration.logs[0].effectiveSelectors(logLevel: .notice) == [LogSelector(minimum: .notice)])
    }

    @Test func severityAndTarget() throws {
        #expect(try logs("Log notice stdout\nLog WARN stderr\nLog err syslog") == [
            LogDestination(selectors: [LogSelector(minimum: .notice)], target: .standardOutput),
            LogDestination(selectors: [LogSelector(minimum: .warn)], target: .standardError),
            LogDestination(selectors: [LogSelector(minimum: .err)], target: .syslog),
        ])
    }

    @Test func fileTargetKeepsSpacesAndExpandsHome() throws {
        #expect(try logs("Log info file ~/logs/tor  client.log") == [
            LogDestination(selectors: [LogSelector(minimum: .info)], target: .file("/home/tester/logs/tor  client.log")),
        ])
    }

    @Test func rangeOfSeverities() throws {
        #expect(try logs("Log info-warn stdout") == [
            LogDestination(selectors: [LogSelector(minimum: .info, maximum: .warn)], target: .standardOutput),
        ])
    }

    @Test func severityWithoutTargetMeansStdoutAsInCTor() throws {
        #expect(try logs("Log debug") == [LogDestination(selectors: [LogSelector(minimum: .debug)], target: .standardOutput)])
    }

    @Test func targetWithoutSeverityFollowsLogLevel() throws {
        let configuration = try TorrcFixture.configuration("LogLevel info\nLog stderr\nLog warn stdout")
        #expect(configuration.reloadable.logLevel == .info)
        #expect(configuration.logs[0].effectiveSelectors(logLevel: configuration.reloadable.logLevel)
            == [LogSelector(minimum: .info)])
        #expect(configuration.logs[1].effectiveSelectors(logLevel: configuration.reloadable.logLevel)
            == [LogSelector(minimum: .warn)])
    }

    @Test func domainSelectorsAreKeptAndWarnedAbout() throws {
        let (configuration, warnings) = try TorrcFixture.parse("Log [handshake]debug [~net,MM]info notice stdout")
        #expect(configuration.logs == [LogDestination(selectors: [
            LogSelector(domains: ["handshake"], minimum: .debug),
            LogSelector(domains: ["mm"], excludedDomains: ["net"], minimum: .info),
            LogSelector(minimum: .notice),
        ], target: .standardOutput)])
        #expect(configuration.logs[0].description == "[handshake]debug [mm,~net]info notice stdout")
        #expect(warnings.map(\.description) == [
            "torrc:1: Log domains are read but not filtered yet: this destination gets every domain at the severities given.",
        ])
    }

    @Test func allDomainsSelectorDoesNotWarn() throws {
        #expect(try TorrcFixture.warnings("Log [*]info stdout").isEmpty)
    }

    @Test(arguments: [
        "Log warning stdout", "Log notice- stdout", "Log err-info stdout", "Log [bogus]info stdout",
        "Log [net info stdout", "Log notice file", "Log notice stdout extra", "Log notice elsewhere", "Log []notice stdout x",
    ])
    func malformedLogLines(_ line: String) throws {
        #expect(try TorrcFixture.onlyError(line).code == .configBadValue)
    }

    @Test func reversedRangeSaysHowToFixIt() throws {
        let error = try TorrcFixture.onlyError("Log err-info stdout")
        #expect(error.reason == "torrc:1: Log \"err-info\": the range is reversed; write the less severe level first, e.g. info-err.")
    }

    @Test func logLevelValues() throws {
        for severity in LogSeverity.allCases {
            #expect(try TorrcFixture.configuration("LogLevel \(severity)").reloadable.logLevel == severity)
        }
        #expect(try TorrcFixture.onlyError("LogLevel verbose").code == .configBadValue)
    }

    @Test func severitiesMapToSwiftLogLevels() {
        #expect(LogSeverity.allCases.map(\.loggerLevel) == [.debug, .info, .notice, .warning, .error])
        #expect(LogSeverity.debug < LogSeverity.err)
    }

    @Test func safeLoggingModes() throws {
        #expect(try TorrcFixture.configuration("").safeLogging == .enabled)
        #expect(try TorrcFixture.configuration("SafeLogging relay").safeLogging == .relay)
        let (configuration, warnings) = try TorrcFixture.parse("SafeLogging 0")
        #expect(configuration.safeLogging == .disabled)
        #expect(!configuration.safeLogging.scrubsClientMessages)
        #expect(warnings.count == 1)
        #expect(try TorrcFixture.onlyError("SafeLogging 2").code == .configBadValue)
    }
}
