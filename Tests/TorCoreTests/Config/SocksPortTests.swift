import Testing
@testable import TorCore

/// Every SocksPort form and flag of tor(1), with tor 0.4.9's acceptance as the reference.
@Suite struct SocksPortTests {
    private func ports(_ text: String) throws -> [SocksPortConfiguration] {
        try TorrcFixture.configuration(text).socksPorts
    }

    private func endpoint(_ address: String, _ port: UInt16) -> ListenEndpoint {
        ListenEndpoint(address: address, port: .fixed(port))
    }

    @Test func defaultIsOnePortOnLoopback9050() throws {
        #expect(try ports("") == [SocksPortConfiguration(endpoint: endpoint("127.0.0.1", 9050))])
    }

    @Test func barePortListensOnLoopback() throws {
        #expect(try ports("SocksPort 9100").map(\.endpoint) == [endpoint("127.0.0.1", 9100)])
    }

    @Test func addressAndPort() throws {
        #expect(try ports("SocksPort 0.0.0.0:9100").map(\.endpoint) == [endpoint("0.0.0.0", 9100)])
    }

    @Test func bracketedIPv6AddressAndPort() throws {
        let port = try #require(try ports("SocksPort [::1]:9100").first)
        #expect(port.endpoint == endpoint("::1", 9100))
        #expect(port.endpoint.isIPv6)
        #expect(port.description == "[::1]:9100")
    }

    @Test func localhostMeansLoopback() throws {
        #expect(try ports("SocksPort localhost:9100").map(\.endpoint) == [endpoint("127.0.0.1", 9100)])
    }

    @Test func autoPortsAreChosenBySystem() throws {
        #expect(try ports("SocksPort auto\nSocksPort 127.0.0.2:auto").map(\.endpoint) == [
            ListenEndpoint(address: "127.0.0.1", port: .automatic),
            ListenEndpoint(address: "127.0.0.2", port: .automatic),
        ])
    }

    @Test func zeroDisablesSocks() throws {
        #expect(try ports("SocksPort 0").isEmpty)
    }

    @Test func repeatedLinesAddPortsAndReplaceTheDefault() throws {
        #expect(try ports("SocksPort 9100\nsocksport 9101").map(\.endpoint) == [
            endpoint("127.0.0.1", 9100), endpoint("127.0.0.1", 9101),
        ])
    }

    @Test func isolationFlagsAndTheirNegations() throws {
        let port = try #require(try ports(
            "SocksPort 9100 IsolateClientAddr NoIsolateSOCKSAuth IsolateClientProtocol IsolateDestPort noisolatedestaddr"
        ).first)
        #expect(port.isolation == StreamIsolationFlags(
            clientAddress: true, socksAuthentication: false, clientProtocol: true, destinationPort: true,
            destinationAddress: false))
        #expect(port.description
            == "127.0.0.1:9100 IsolateClientAddr NoIsolateSOCKSAuth IsolateClientProtocol IsolateDestPort NoIsolateDestAddr")
    }

    @Test func pluralFlagsAreAcceptedAsInCTor() throws {
        let port = try #require(try ports("SocksPort 9100 IsolateDestAddrs NoIsolateClientAddrs").first)
        #expect(port.isolation.destinationAddress == true)
        #expect(port.isolation.clientAddress == false)
    }

    @Test func sessionGroup() throws {
        #expect(try ports("SocksPort 9100 SessionGroup=3").first?.sessionGroup == 3)
        #expect(try ports("SocksPort 9100").first?.sessionGroup == nil)
    }

    @Test(arguments: ["SessionGroup=x", "SessionGroup=-1", "SessionGroup=", "SessionGroup=99999999999"])
    func badSessionGroups(_ flag: String) throws {
        let error = try TorrcFixture.onlyError("SocksPort 9100 \(flag)")
        #expect([.configBadInteger, .configOutOfRange].contains(error.code))
    }

    @Test func ignoredCTorFlagsWarn() throws {
        let (configuration, warnings) = try TorrcFixture.parse("SocksPort 9100 PreferIPv6 NoDNSRequest CacheIPv4DNS")
        #expect(configuration.socksPorts.map(\.endpoint) == [endpoint("127.0.0.1", 9100)])
        #expect(warnings.map(\.description) == [
            "torrc:1: SocksPort flag PreferIPv6 is a C tor flag this client does not support yet; it is ignored.",
            "torrc:1: SocksPort flag NoDNSRequest is a C tor flag this client does not support yet; it is ignored.",
            "torrc:1: SocksPort flag CacheIPv4DNS is a C tor flag this client does not support yet; it is ignored.",
        ])
    }

    @Test func unknownFlagIsAnError() throws {
        let error = try TorrcFixture.onlyError("SocksPort 9100 IsolateEverything")
        #expect(error.code == .configBadFlag)
        #expect(error.reason.hasPrefix("torrc:1: SocksPort \"IsolateEverything\": unknown SocksPort flag; use IsolateClientAddr"))
    }

    @Test func notAPortNumber() throws {
        let error = try TorrcFixture.onlyError("\n\nSocksPort abc")
        #expect(error.code == .configBadPort)
        #expect(error.reason == "torrc:3: SocksPort \"abc\": not a port number; use a port from 1 to 65535, \"auto\" or \"0\".")
    }

    @Test(arguments: [
        ("SocksPort 70000", TorCoreError.Code.configBadPort), ("SocksPort 127.0.0.1:0", .configBadPort),
        ("SocksPort 127.0.0.1", .configBadPort), ("SocksPort [::1]", .configBadPort),
        ("SocksPort 127.0.0.1:", .configBadPort), ("SocksPort ::1:9050", .configBadAddress),
        ("SocksPort [::1:9050", .configBadAddress), ("SocksPort [127.0.0.1]:9050", .configBadAddress),
        ("SocksPort 300.1.1.1:9050", .configBadAddress), ("SocksPort example.com:9050", .configBadAddress),
        ("SocksPort unix:/tmp/socks", .configUnsupported), ("SocksPort 0 IsolateDestAddr", .configBadFlag),
    ])
    func malformedForms(_ line: String, _ code: TorCoreError.Code) throws {
        #expect(try TorrcFixture.onlyError(line).code == code)
    }

    @Test func zeroTogetherWithAPortIsAConflict() throws {
        let error = try TorrcFixture.onlyError("SocksPort 0\nSocksPort 9100")
        #expect(error.code == .configConflict)
        #expect(error.reason.hasPrefix("torrc:1: SocksPort \"0\": disables SOCKS, but line 2 opens a SOCKS port"))
    }

    @Test func twoListenersOnOneAddressAndPortAreAnError() throws {
        let error = try TorrcFixture.onlyError("SocksPort 9100\n# gap\nSocksPort 127.0.0.1:9100 IsolateDestAddr")
        #expect(error.code == .configDuplicatePort)
        #expect(error.reason
            == "torrc:3: SocksPort \"127.0.0.1:9100\": the same address and port as SocksPort on line 1; give each listener its own port.")
    }

    @Test func wildcardAddressClashesWithLoopbackOnTheSamePort() throws {
        #expect(try TorrcFixture.onlyError("SocksPort 0.0.0.0:9100\nSocksPort 9100").code == .configDuplicatePort)
    }

    @Test func differentAddressesOrAutoPortsDoNotClash() throws {
        #expect(try ports("SocksPort 127.0.0.1:9100\nSocksPort 127.0.0.2:9100\nSocksPort [::1]:9100").count == 3)
        #expect(try ports("SocksPort auto\nSocksPort auto").count == 2)
    }

    @Test func isolationResolvesAgainstTheTorrcWideDefaults() throws {
        var settings = ReloadableSettings()
        settings.isolateDestinations = true
        settings.isolateClientPort = true
        let unflagged = StreamIsolationFlags().resolved(with: settings)
        #expect(unflagged == ResolvedStreamIsolation(
            clientAddress: true, socksAuthentication: true, clientProtocol: false, clientPort: true,
            destinationPort: true, destinationAddress: true))
        let flagged = StreamIsolationFlags(clientAddress: false, socksAuthentication: false, destinationPort: false)
            .resolved(with: settings)
        #expect(flagged == ResolvedStreamIsolation(
            clientAddress: false, socksAuthentication: false, clientProtocol: false, clientPort: true,
            destinationPort: false, destinationAddress: true))
    }
}
