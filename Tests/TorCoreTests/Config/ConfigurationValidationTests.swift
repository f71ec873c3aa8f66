import Testing
@testable import TorCore

/// Ranges, cross-field rules, repeated options, unknown options, and collecting every problem.
@Suite struct ConfigurationValidationTests {
    @Test(arguments: [
        ("MaxCircuitDirtiness 9 seconds", "an interval from 10 seconds to 30 days"),
        ("MaxCircuitDirtiness 31 days", "an interval from 10 seconds to 30 days"),
        ("NewCircuitPeriod 500 msec", "an interval from 1 second to"),
        ("CircuitBuildTimeout 0", "an interval from 1 second to 10 minutes"),
        ("CircuitBuildTimeout 11 minutes", "an interval from 1 second to 10 minutes"),
        ("CircuitPoolMinSize 65", "a whole number from 0 to 64"),
        ("CircuitPoolMaxSize 0", "a whole number from 1 to 256"),
        ("CircuitPoolMaxSize 257", "a whole number from 1 to 256"),
        ("ConnectionPoolMaxIdle 0", "an interval from 1 second to 1 week"),
        ("ConnectionPoolMaxLife 8 days", "an interval from 1 second to 1 week"),
        ("TorrcPollInterval 2 hours", "an interval from 1 second to 1 hour"),
        ("TorrcPollInterval 0", "an interval from 1 second to 1 hour"),
        ("SocksTimeout 0", "an interval from 1 second to"),
    ])
    func rangesAreEnforcedWithTheLineNumber(_ line: String, _ fix: String) throws {
        let error = try TorrcFixture.onlyError("# header\n\n" + line)
        #expect(error.code == .configOutOfRange)
        #expect(error.kind == .badInput)
        #expect(error.reason.hasPrefix("torrc:3: "))
        #expect(error.reason.contains("out of range; use " + fix))
    }

    @Test func poolMaximumBelowMinimumIsAnError() throws {
        let error = try TorrcFixture.onlyError("CircuitPoolMinSize 10\nCircuitPoolMaxSize 5")
        #expect(error.code == .configConflict)
        #expect(error.reason == "torrc:2: CircuitPoolMaxSize \"5\": CircuitPoolMaxSize (5) is below CircuitPoolMinSize (10); raise CircuitPoolMaxSize or lower CircuitPoolMinSize.")
    }

    @Test func poolMinimumAboveTheDefaultMaximumPointsAtTheMinimum() throws {
        let error = try TorrcFixture.onlyError("\nCircuitPoolMinSize 20")
        #expect(error.code == .configConflict)
        #expect(error.reason.hasPrefix("torrc:2: CircuitPoolMinSize \"20\":"))
    }

    @Test func connectionLifeShorterThanIdleIsAnError() throws {
        let error = try TorrcFixture.onlyError("ConnectionPoolMaxLife 1 minute\nConnectionPoolMaxIdle 2 minutes")
        #expect(error.code == .configConflict)
        #expect(error.reason.hasPrefix("torrc:1: ConnectionPoolMaxLife \"1 minute\": ConnectionPoolMaxLife (1 minute) is shorter than ConnectionPoolMaxIdle (2 minutes)"))
    }

    @Test func repeatedSingleOptionWarnsAndTheLastWins() throws {
        let (configuration, warnings) = try TorrcFixture.parse(
            "MaxCircuitDirtiness 100\nLog notice stdout\nmaxcircuitdirtiness 200\nMaxCircuitDirtiness 300")
        #expect(configuration.reloadable.maxCircuitDirtiness == .seconds(300))
        #expect(warnings.map(\.description) == [
            "torrc:4: MaxCircuitDirtiness is set more than once (also on lines 1, 3); only this last value is used.",
        ])
    }

    @Test func repeatedListOptionsDoNotWarn() throws {
        #expect(try TorrcFixture.warnings("Log notice stdout\nLog info file /tmp/a").isEmpty)
    }

    @Test func knownCTorOptionWarnsAndIsIgnored() throws {
        let (configuration, warnings) = try TorrcFixture.parse("\n\n\n\n\n\nlonglivedports 22\nUseBridges 1")
        #expect(configuration == TorConfiguration.defaults(homeDirectory: TorrcFixture.home))
        #expect(warnings.map(\.description) == [
            "torrc:7: LongLivedPorts is a C tor option this client does not support yet; it is ignored.",
            "torrc:8: UseBridges is a C tor option this client does not support yet; it is ignored.",
        ])
    }

    @Test func unknownOptionWithSuggestion() throws {
        let error = try TorrcFixture.onlyError("SocksPrt 9050")
        #expect(error.code == .configUnknownOption)
        #expect(error.reason == "torrc:1: unknown option \"SocksPrt\"; did you mean \"SocksPort\"?")
        #expect(try TorrcFixture.onlyError("CircuitPoolMinSise 2").reason.hasSuffix("did you mean \"CircuitPoolMinSize\"?"))
    }

    @Test func unknownOptionWithoutSuggestion() throws {
        let error = try TorrcFixture.onlyError("FrobnicateCircuits 1")
        #expect(error.code == .configUnknownOption)
        #expect(error.reason == "torrc:1: unknown option \"FrobnicateCircuits\"; check the spelling against torrc.example, or remove the line.")
    }

    @Test func suggestionsStopAtEditDistanceTwo() {
        #expect(OptionSuggestion.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
        #expect(OptionSuggestion.closest(to: "SockPrt", among: ["SocksPort"]) == "SocksPort")
        #expect(OptionSuggestion.closest(to: "SkPrt", among: ["SocksPort"]) == nil)
    }

    @Test func unsupportedCTorSyntax() throws {
        #expect(try TorrcFixture.onlyError("%include /etc/tor/torrc.d").code == .configUnsupported)
        let prefixed = try TorrcFixture.onlyError("+SocksPort 9100")
        #expect(prefixed.code == .configUnsupported)
        #expect(prefixed.reason.contains("write SocksPort without it"))
        #expect(try TorrcFixture.onlyError("/SocksPort 9100").code == .configUnsupported)
    }

    @Test func singleOptionWithoutValueIsAnError() throws {
        let error = try TorrcFixture.onlyError("MaxCircuitDirtiness\n")
        #expect(error.code == .configMissingValue)
        #expect(error.reason == "torrc:1: MaxCircuitDirtiness has no value; give it a value or remove the line.")
    }

    @Test func listOptionWithoutValueIsSkippedWithAWarning() throws {
        let (configuration, warnings) = try TorrcFixture.parse("SocksPort # none\n")
        #expect(configuration.socksPorts.map(\.description) == ["127.0.0.1:9050"])
        #expect(warnings.map(\.description) == ["torrc:1: SocksPort has no value; the line is skipped."])
    }

    @Test func everyProblemIsCollectedInLineOrder() throws {
        let problems = try #require(TorrcFixture.problems("""
            SocksPrt 9050
            ExitNodes {de}
            CircuitBuildTimeout forever
            CookieAuthentication yes
            DataDirectory "/tmp/unclosed
            SocksPort 9100
            SocksPort 9100
            CircuitPoolMinSize 30
            CircuitPoolMaxSize 20
            """))
        #expect(problems.codes == [
            .configUnknownOption, .configBadInterval, .configBadBoolean, .configSyntax, .configDuplicatePort,
            .configConflict,
        ])
        #expect(problems.errors.map { $0.reason.split(separator: ":").prefix(2).joined(separator: ":") } == [
            "torrc:1", "torrc:3", "torrc:4", "torrc:5", "torrc:7", "torrc:9",
        ])
        #expect(problems.warnings.map(\.line) == [2])
        #expect(problems.description.split(separator: "\n").count == 6)
    }

    @Test func errorsNameTheFileGiven() throws {
        do {
            _ = try TorConfiguration.parse(text: "SocksPort abc", fileName: "/etc/tor/torrc", homeDirectory: "/root")
            Issue.record("accepted")
        } catch let problems as ConfigurationProblems {
            #expect(problems.errors.first?.reason.hasPrefix("/etc/tor/torrc:1: SocksPort \"abc\"") == true)
        }
    }

    @Test func everyKnownCTorOptionIsUnique() {
        #expect(Set(KnownTorOptions.names.map { $0.lowercased() }).count == KnownTorOptions.names.count)
        #expect(KnownTorOptions.names.count >= 350)
        #expect(KnownTorOptions.canonicalName(of: "exitnodes") == "ExitNodes")
        #expect(KnownTorOptions.canonicalName(of: "SocksPrt") == nil)
    }

    @Test func everyImplementedCTorOptionIsKnownToCTor() {
        let ours: Set<String> = [
            "LogLevel", "CircuitPoolMinSize", "CircuitPoolMaxSize", "EnableCircuitPrebuilding", "ConnectionPoolMaxIdle",
            "ConnectionPoolMaxLife", "EnableConnectionPooling", "EnableBufferPooling", "IsolateDestinations",
            "IsolateSOCKSAuth", "IsolateClientPort", "IsolateClientProtocol", "TorrcPollInterval", "CongestionControl",
        ]
        for name in TorrcOptionTable.names where !ours.contains(name) {
            #expect(KnownTorOptions.canonicalName(of: name) == name, "\(name)")
        }
        #expect(TorrcOptionTable.names.count == 43)
        #expect(KnownTorOptions.canonicalName(of: "ConfluxEnabled") == "ConfluxEnabled", "C tor's own option")
    }
}
