import Testing
@testable import TorCore

/// The configuration of an empty torrc, and the defaults that depend on other options.
@Suite struct ConfigurationDefaultsTests {
    @Test func emptyTorrcGivesTheDocumentedDefaults() throws {
        let (configuration, warnings) = try TorrcFixture.parse("# nothing but a comment\n")
        #expect(warnings.isEmpty)
        #expect(configuration == TorConfiguration.defaults(homeDirectory: TorrcFixture.home))
        #expect(configuration.socksPorts.map(\.description) == ["127.0.0.1:9050"])
        #expect(configuration.controlPorts.isEmpty)
        #expect(configuration.cookieAuthentication == false)
        #expect(configuration.cookieAuthFile == "/home/tester/.tor/control_auth_cookie")
        #expect(configuration.hashedControlPasswords.isEmpty)
        #expect(configuration.dataDirectory == "/home/tester/.tor")
        #expect(configuration.usesDefaultAuthorities)
        #expect(configuration.directoryAuthorities.count == DefaultAuthorities.lines.count)
        #expect(configuration.fallbackDirectories.isEmpty)
        #expect(configuration.testingTorNetwork == false)
        #expect(configuration.enforceDistinctSubnets == true)
        #expect(configuration.safeLogging == .enabled)
        #expect(configuration.socksTimeout == .seconds(120))
        #expect(configuration.torrcPollInterval == .seconds(5))
    }

    @Test func reloadableDefaults() throws {
        let settings = try TorrcFixture.configuration("").reloadable
        #expect(settings.logLevel == .notice)
        #expect(settings.maxCircuitDirtiness == .seconds(600))
        #expect(settings.newCircuitPeriod == .seconds(30))
        #expect(settings.circuitBuildTimeout == .seconds(60))
        #expect(settings.circuitPoolMinSize == 2)
        #expect(settings.circuitPoolMaxSize == 12)
        #expect(settings.enableCircuitPrebuilding)
        #expect(settings.connectionPoolMaxIdle == .seconds(300))
        #expect(settings.connectionPoolMaxLife == .seconds(3600))
        #expect(settings.enableConnectionPooling)
        #expect(settings.enableBufferPooling)
        #expect(!settings.isolateDestinations)
        #expect(settings.isolateSOCKSAuth)
        #expect(!settings.isolateClientPort)
        #expect(!settings.isolateClientProtocol)
        #expect(settings.torrcValues.count == 15)
    }

    @Test func testingTorNetworkTurnsOffDistinctSubnetsUnlessSetExplicitly() throws {
        #expect(try TorrcFixture.configuration("TestingTorNetwork 1").enforceDistinctSubnets == false)
        #expect(try TorrcFixture.configuration("EnforceDistinctSubnets 1\nTestingTorNetwork 1").enforceDistinctSubnets == true)
        #expect(try TorrcFixture.configuration("TestingTorNetwork 0").enforceDistinctSubnets == true)
        #expect(try TorrcFixture.configuration("EnforceDistinctSubnets 0").enforceDistinctSubnets == false)
    }

    @Test func keywordsAreCaseInsensitive() throws {
        let configuration = try TorrcFixture.configuration(
            "socksport 9100\nMAXCIRCUITDIRTINESS 20 minutes\ncircuitpoolminsize 3\ndatadirectory /tmp/x")
        #expect(configuration.socksPorts.map(\.description) == ["127.0.0.1:9100"])
        #expect(configuration.reloadable.maxCircuitDirtiness == .seconds(1_200))
        #expect(configuration.reloadable.circuitPoolMinSize == 3)
        #expect(configuration.dataDirectory == "/tmp/x")
    }

    @Test func everyReloadableOptionIsRead() throws {
        let settings = try TorrcFixture.configuration("""
            LogLevel debug
            MaxCircuitDirtiness 1 hour
            NewCircuitPeriod 45
            CircuitBuildTimeout 2 minutes
            CircuitPoolMinSize 0
            CircuitPoolMaxSize 256
            EnableCircuitPrebuilding 0
            ConnectionPoolMaxIdle 30 seconds
            ConnectionPoolMaxLife 30 seconds
            EnableConnectionPooling 0
            EnableBufferPooling 0
            IsolateDestinations 1
            IsolateSOCKSAuth 0
            IsolateClientPort 1
            IsolateClientProtocol 1
            """).reloadable
        var expected = ReloadableSettings()
        expected.logLevel = .debug
        expected.maxCircuitDirtiness = .seconds(3_600)
        expected.newCircuitPeriod = .seconds(45)
        expected.circuitBuildTimeout = .seconds(120)
        expected.circuitPoolMinSize = 0
        expected.circuitPoolMaxSize = 256
        expected.enableCircuitPrebuilding = false
        expected.connectionPoolMaxIdle = .seconds(30)
        expected.connectionPoolMaxLife = .seconds(30)
        expected.enableConnectionPooling = false
        expected.enableBufferPooling = false
        expected.isolateDestinations = true
        expected.isolateSOCKSAuth = false
        expected.isolateClientPort = true
        expected.isolateClientProtocol = true
        #expect(settings == expected)
    }

    @Test func otherOptionsAreRead() throws {
        let configuration = try TorrcFixture.configuration("SocksTimeout 30 seconds\nTorrcPollInterval 1 minute")
        #expect(configuration.socksTimeout == .seconds(30))
        #expect(configuration.torrcPollInterval == .seconds(60))
    }
}
