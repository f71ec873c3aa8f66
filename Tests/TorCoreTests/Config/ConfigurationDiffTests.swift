import Testing
@testable import TorCore

/// What a reload can apply (reloadable settings) and what needs a restart.
@Suite struct ConfigurationDiffTests {
    @Test func identicalConfigurationsHaveNoDifferences() throws {
        let configuration = try TorrcFixture.configuration("SocksPort 9100\nMaxCircuitDirtiness 5 minutes")
        #expect(configuration.reloadableDiff(from: configuration).isEmpty)
        #expect(configuration.changedOptions(from: configuration).isEmpty)
    }

    @Test func reloadableDifferencesCarryOldAndNewValues() throws {
        let old = try TorrcFixture.configuration("MaxCircuitDirtiness 10 minutes\nCircuitPoolMaxSize 12")
        let new = try TorrcFixture.configuration("MaxCircuitDirtiness 20 minutes\nCircuitPoolMaxSize 12\nLogLevel info\nIsolateDestinations 1")
        let diff = new.reloadableDiff(from: old)
        #expect(diff.map(\.name) == ["LogLevel", "MaxCircuitDirtiness", "IsolateDestinations"])
        #expect(diff.map(\.old) == ["notice", "10 minutes", "0"])
        #expect(diff.map(\.new) == ["info", "20 minutes", "1"])
        #expect(new.changedOptions(from: old).isEmpty)
    }

    @Test func restartOnlyChangesAreNamed() throws {
        let old = try TorrcFixture.configuration("SocksPort 9100\nLog notice stdout")
        let new = try TorrcFixture.configuration("SocksPort 9101\nLog info stdout\nTestingTorNetwork 1\nLogLevel warn")
        #expect(new.changedOptions(from: old) == ["SocksPort", "TestingTorNetwork", "EnforceDistinctSubnets", "Log"])
        #expect(new.reloadableDiff(from: old).map(\.name) == ["LogLevel"])
    }

    @Test func restartOnlyValuesCoverEveryOtherOption() throws {
        let names = try TorrcFixture.configuration("").restartOnlyValues.map(\.name)
        #expect(names == [
            "SocksPort", "ControlPort", "CookieAuthentication", "CookieAuthFile", "HashedControlPassword",
            "DataDirectory", "DirAuthority", "FallbackDir", "TestingTorNetwork", "EnforceDistinctSubnets", "Log",
            "SafeLogging", "SocksTimeout", "TorrcPollInterval", "CongestionControl", "ConfluxEnabled",
            "RunAsDaemon", "PidFile", "ControlPortWriteToFile", "ControlPortFileGroupReadable",
            "EntryNodes", "MiddleNodes", "ExitNodes", "ExcludeNodes", "ExcludeExitNodes", "StrictNodes", "MapAddress",
        ])
        let reloadable = ReloadableSettings().torrcValues.map(\.name)
        // __OwningControllerProcess is neither: the control port's process watch keeps it.
        #expect(Set(names + reloadable + ["__OwningControllerProcess"]) == Set(TorrcOptionTable.names))
    }
}
