import Testing
import TorCore
@testable import TorClient

@Suite struct ReloadPlannerTests {
    private func planner(rebinding: Bool = false) -> ReloadPlanner {
        ReloadPlanner(fileName: "torrc", homeDirectory: "/home/test", rebindsListenersLive: rebinding)
    }

    private func version(_ text: String) -> TorrcVersion { TorrcVersion(bytes: Array(text.utf8)) }

    private func plan(_ outcome: ReloadOutcome) throws -> ReloadPlan {
        guard case .applied(let plan) = outcome else {
            Issue.record("expected an applied plan, got \(outcome)")
            throw CancellationError()
        }
        return plan
    }

    /// Every reloadable field, with a value other than its default, and the line each must log.
    static let fields: [(line: String, change: String)] = [
        ("LogLevel debug", "LogLevel notice -> debug"),
        ("MaxCircuitDirtiness 20 minutes", "MaxCircuitDirtiness 10 minutes -> 20 minutes"),
        ("NewCircuitPeriod 45 seconds", "NewCircuitPeriod 30 seconds -> 45 seconds"),
        ("CircuitBuildTimeout 90 seconds", "CircuitBuildTimeout 1 minute -> 90 seconds"),
        ("CircuitPoolMinSize 6", "CircuitPoolMinSize 2 -> 6"),
        ("CircuitPoolMaxSize 20", "CircuitPoolMaxSize 12 -> 20"),
        ("EnableCircuitPrebuilding 0", "EnableCircuitPrebuilding 1 -> 0"),
        ("ConnectionPoolMaxIdle 2 minutes", "ConnectionPoolMaxIdle 5 minutes -> 2 minutes"),
        ("ConnectionPoolMaxLife 2 hours", "ConnectionPoolMaxLife 1 hour -> 2 hours"),
        ("EnableConnectionPooling 0", "EnableConnectionPooling 1 -> 0"),
        ("EnableBufferPooling 0", "EnableBufferPooling 1 -> 0"),
        ("IsolateDestinations 1", "IsolateDestinations 0 -> 1"),
        ("IsolateSOCKSAuth 0", "IsolateSOCKSAuth 1 -> 0"),
        ("IsolateClientPort 1", "IsolateClientPort 0 -> 1"),
        ("IsolateClientProtocol 1", "IsolateClientProtocol 0 -> 1"),
    ]

    @Test(arguments: fields)
    func eachReloadableFieldLogsItsChange(line: String, change: String) throws {
        let running = try configuration("")
        var planner = planner()
        let plan = try plan(planner.plan(running: running, version: version(line + "\n")))
        #expect(plan.changes.map(\.description) == [change])
        #expect(plan.restartRequired.isEmpty)
        #expect(plan.configuration == (try configuration(line + "\n")))
    }

    @Test func allFifteenFieldsChangeTogetherInTorrcOrder() throws {
        let running = try configuration("")
        var planner = planner()
        let text = Self.fields.map(\.line).joined(separator: "\n") + "\n"
        let plan = try plan(planner.plan(running: running, version: version(text)))
        #expect(plan.changes.map(\.description) == Self.fields.map(\.change))
        #expect(plan.configuration.reloadable == (try configuration(text)).reloadable)
    }

    @Test func nodeSelectionOptionsApplyLiveAndLogTheirChange() throws {
        let running = try configuration("ExitNodes relay1\n")
        var planner = planner()
        let plan = try plan(planner.plan(running: running, version: version("ExitNodes relay2, relay3\nExcludeNodes 10.0.0.0/8\n")))
        #expect(plan.changes.map(\.description) == ["ExitNodes relay1 -> relay2,relay3", "ExcludeNodes (none) -> 10.0.0.0/8"])
        #expect(plan.restartRequired.isEmpty)
        #expect(plan.configuration.nodes.exitNodes.map(\.description) == ["relay2", "relay3"])
        #expect(plan.configuration.nodes.excludeNodes.map(\.description) == ["10.0.0.0/8"])
    }

    @Test func mapAddressChangesAreLoggedWithoutTheAddresses() throws {
        let running = try configuration("MapAddress a.example b.example\n")
        var planner = planner()
        let text = "MapAddress a.example c.example\nMapAddress *.d.example *.e.example\n"
        let plan = try plan(planner.plan(running: running, version: version(text)))
        #expect(plan.changes.map(\.description) == ["MapAddress 1 mapping -> 2 mappings"])
        #expect(plan.restartRequired.isEmpty)
        #expect(plan.configuration.addressMappings.map(\.description) == ["a.example c.example", "*.d.example *.e.example"])
    }

    @Test func sameSettingsWrittenDifferentlyAreUnchanged() throws {
        let running = try configuration("CircuitPoolMinSize 6\n")
        var planner = planner()
        let outcome = planner.plan(running: running, version: version("# a comment\ncircuitpoolminsize   6\n"))
        guard case .unchanged = outcome else {
            Issue.record("expected unchanged, got \(outcome)")
            return
        }
    }

    @Test func restartOnlyChangeIsReportedAndTheRestStillApplies() throws {
        let running = try configuration("DataDirectory /var/lib/tor-a\nCircuitPoolMinSize 2\n")
        var planner = planner()
        let plan = try plan(planner.plan(
            running: running, version: version("DataDirectory /var/lib/tor-b\nCircuitPoolMinSize 6\nTestingTorNetwork 1\n")))
        // Options whose defaults follow the changed ones change with them, and say so.
        #expect(plan.restartRequired == ["CookieAuthFile", "DataDirectory", "TestingTorNetwork", "EnforceDistinctSubnets"])
        #expect(plan.changes.map(\.description) == ["CircuitPoolMinSize 2 -> 6"])
        #expect(plan.configuration.dataDirectory == "/var/lib/tor-a")
        #expect(plan.configuration.testingTorNetwork == false)
        #expect(plan.configuration.reloadable.circuitPoolMinSize == 6)
    }

    @Test func restartOnlyChangeAloneIsStillReported() throws {
        let running = try configuration("DataDirectory /var/lib/tor-a\nCookieAuthFile /run/cookie\n")
        var planner = planner()
        let plan = try plan(planner.plan(
            running: running, version: version("DataDirectory /var/lib/tor-b\nCookieAuthFile /run/cookie\n")))
        #expect(plan.restartRequired == ["DataDirectory"])
        #expect(plan.changes.isEmpty)
        #expect(plan.configuration == running)
    }

    @Test func socksPortChangeIsAListenerChangeWhenTheCoreRebinds() throws {
        let running = try configuration("SocksPort 127.0.0.1:9050\n")
        var planner = planner(rebinding: true)
        let plan = try plan(planner.plan(running: running, version: version("SocksPort 127.0.0.1:9150\nControlPort 127.0.0.1:9151\n")))
        #expect(plan.listenerChanges.map(\.option) == ["SocksPort", "ControlPort"])
        #expect(plan.listenerChanges.first?.old == "127.0.0.1:9050")
        #expect(plan.listenerChanges.first?.new == "127.0.0.1:9150")
        #expect(plan.listenerChanges.last?.old == "0")
        #expect(plan.restartRequired.isEmpty)
        #expect(plan.configuration.socksPorts.map(\.description) == ["127.0.0.1:9150"])
        #expect(plan.configuration.controlPorts.map(\.description) == ["127.0.0.1:9151"])
    }

    @Test func socksPortChangeNeedsARestartWhenNothingRebinds() throws {
        let running = try configuration("SocksPort 127.0.0.1:9050\n")
        var planner = planner(rebinding: false)
        let plan = try plan(planner.plan(running: running, version: version("SocksPort 127.0.0.1:9150\n")))
        #expect(plan.listenerChanges.isEmpty)
        #expect(plan.restartRequired == ["SocksPort"])
        #expect(plan.configuration.socksPorts == running.socksPorts)
    }

    @Test func logSafeLoggingAndPollIntervalApplyLive() throws {
        let running = try configuration("")
        var planner = planner()
        let plan = try plan(planner.plan(
            running: running, version: version("Log info file /tmp/t.log\nSafeLogging 0\nTorrcPollInterval 2 seconds\n")))
        #expect(plan.changes.map(\.description) == [
            "Log stdout -> info file /tmp/t.log", "SafeLogging 1 -> 0", "TorrcPollInterval 5 seconds -> 2 seconds",
        ])
        #expect(plan.restartRequired.isEmpty)
        #expect(plan.configuration.torrcPollInterval == .seconds(2))
        #expect(plan.configuration.safeLogging == .disabled)
    }

    @Test func makingLogLevelExplicitIsAChange() throws {
        let running = try configuration("Log warn stdout\n")
        var planner = planner()
        let plan = try plan(planner.plan(running: running, version: version("Log warn stdout\nLogLevel notice\n")))
        #expect(plan.changes.map(\.description) == ["LogLevel notice (default) -> notice"])
        #expect(plan.configuration.isLogLevelExplicit)
    }

    @Test func invalidTextIsRejectedWithItsLineAndRememberedByContent() throws {
        let running = try configuration("")
        var planner = planner()
        let bad = version("CircuitPoolMinSize 6\nCircuitPoolMaxSize lots\n")
        guard case .rejected(let first) = planner.plan(running: running, version: bad) else {
            Issue.record("invalid text must be rejected")
            return
        }
        #expect(first.isRepeat == false)
        #expect(first.reasons.count == 1)
        #expect(first.description.hasPrefix("torrc:2:"))
        #expect(first.description.contains("CircuitPoolMaxSize"))
        guard case .rejected(let second) = planner.plan(running: running, version: bad) else {
            Issue.record("the same invalid text must be rejected again")
            return
        }
        #expect(second.isRepeat)
        guard case .rejected(let other) = planner.plan(running: running, version: version("Bogus 1\n")) else {
            Issue.record("other invalid text must be rejected")
            return
        }
        #expect(other.isRepeat == false)
    }

    @Test func halfWrittenFileIsRejectedWholeNotHalfApplied() throws {
        let running = try configuration("")
        var planner = planner()
        // The writer stopped inside the second line's value: "CircuitPoolMaxSize 1" parses,
        // but it is below the new minimum, so the whole file is refused.
        let outcome = planner.plan(running: running, version: version("CircuitPoolMinSize 6\nCircuitPoolMaxSize 1"))
        guard case .rejected(let rejection) = outcome else {
            Issue.record("a half-written file must be rejected, got \(outcome)")
            return
        }
        #expect(rejection.description.contains("CircuitPoolM"))
        let plan = try plan(planner.plan(running: running, version: version("CircuitPoolMinSize 6\nCircuitPoolMaxSize 16\n")))
        #expect(plan.changes.map(\.description) == ["CircuitPoolMinSize 2 -> 6", "CircuitPoolMaxSize 12 -> 16"])
    }
}
