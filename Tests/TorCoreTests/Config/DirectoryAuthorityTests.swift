import Testing
@testable import TorCore

/// DirAuthority and FallbackDir lines (tor(1)); the accepted forms were checked against tor 0.4.9.
@Suite struct DirectoryAuthorityTests {
    private let fingerprint = "1A25C6358DB91342AA51720A5038B72742732498"
    private let v3ident = "F533C81CEF0BC0267857C99B2F471ADF249FA232"

    private func authorities(_ text: String) throws -> [DirectoryAuthority] {
        try TorrcFixture.configuration("TestingTorNetwork 1\n" + text).directoryAuthorities
    }

    @Test func testNetworkAuthority() throws {
        let authority = try #require(try authorities(
            "DirAuthority test000a orport=5000 v3ident=\(v3ident) 127.0.0.1:7000 \(fingerprint)").first)
        #expect(authority.nickname == "test000a")
        #expect(authority.orPort == 5000)
        #expect(authority.v3Identity?.description == v3ident)
        #expect(authority.address == "127.0.0.1")
        #expect(authority.directoryPort == 7000)
        #expect(authority.fingerprint.description == fingerprint)
        #expect(authority.isV3Authority)
        #expect(authority.weight == 1)
        #expect(authority.ipv6Address == nil)
    }

    @Test func everyFlag() throws {
        let ed25519Base64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"  // bytes 1...32, unpadded
        let (configuration, warnings) = try TorrcFixture.parse(
            "TestingTorNetwork 1\nDirAuthority Nick ORPORT=5000 v3ident=\(v3ident.lowercased()) ipv6=[2001:db8::1]:5001 weight=2.5 ed25519=\(ed25519Base64) no-v2 hs 127.0.0.1:7000 \(fingerprint)\nDirAuthority bridge 127.0.0.2:7000 \(fingerprint)")
        let authority = try #require(configuration.directoryAuthorities.first)
        #expect(authority.nickname == "Nick")
        #expect(authority.orPort == 5000)
        #expect(authority.v3Identity?.description == v3ident)
        #expect(authority.ipv6Address == RelayAddress(address: "2001:db8::1", port: 5001))
        #expect(authority.weight == 2.5)
        #expect(authority.ed25519Identity == Array(1...32))
        #expect(authority.isNotV2)
        #expect(!authority.isBridgeAuthority)
        let bridge = try #require(configuration.directoryAuthorities.last)
        #expect(bridge.nickname == nil)
        #expect(bridge.isBridgeAuthority)
        #expect(warnings.map(\.line) == [2, 3])
        #expect(warnings.first?.message == "DirAuthority flag \"hs\" is obsolete and has no effect; remove it.")
        #expect(warnings.last?.message.contains("bridge authority") == true)
    }

    @Test func ed25519InHex() throws {
        let hex = String(repeating: "ab", count: 32)
        let authority = try #require(try authorities(
            "DirAuthority orport=5000 v3ident=\(v3ident) ed25519=\(hex) 127.0.0.1:7000 \(fingerprint)").first)
        #expect(authority.ed25519Identity == [UInt8](repeating: 0xAB, count: 32))
        #expect(authority.nickname == nil)
    }

    @Test func fingerprintSplitInGroupsOfFour() throws {
        let authority = try #require(try authorities(
            "DirAuthority a orport=5000 v3ident=\(v3ident) 127.0.0.1:7000 1A25 C635 8DB9 1342 AA51 7200 A503 8B72 7427 3249").first)
        #expect(authority.fingerprint.description == "1A25C6358DB91342AA517200A5038B7274273249")
    }

    @Test func descriptionReadsBackToTheSameAuthority() throws {
        let original = try #require(try authorities(
            "DirAuthority Nick orport=5000 v3ident=\(v3ident) ipv6=[::1]:5001 weight=3 no-v2 127.0.0.1:7000 \(fingerprint)").first)
        let reread = try #require(try authorities("DirAuthority \(original.description)").first)
        #expect(reread == original)
    }

    @Test(arguments: [
        "1A25C6358DB9", "1A25C6358DB91342AA51720A5038B72742732498AA", "ZZ25C6358DB91342AA51720A5038B72742732498", "",
    ])
    func badFingerprints(_ value: String) throws {
        let error = try TorrcFixture.onlyError(
            "TestingTorNetwork 1\nDirAuthority a orport=5000 v3ident=\(v3ident) 127.0.0.1:7000 \(value)")
        #expect(error.code == .configBadFingerprint)
        #expect(error.reason.hasPrefix("torrc:2: DirAuthority"))
    }

    @Test(arguments: [
        ("orport=0", TorCoreError.Code.configBadPort), ("orport=abc", .configBadPort), ("v3ident=ABC", .configBadFingerprint),
        ("ipv6=::1:5", .configBadAddress), ("ipv6=[::1]", .configBadAddress), ("weight=abc", .configBadValue),
        ("weight=0", .configBadValue), ("ed25519=AAAA", .configBadValue), ("orprt=5000", .configBadFlag),
        ("localhost:7000", .configBadFlag),
    ])
    func malformedFlags(_ flag: String, _ code: TorCoreError.Code) throws {
        let error = try TorrcFixture.onlyError(
            "TestingTorNetwork 1\nDirAuthority nick \(flag) v3ident=\(v3ident) 127.0.0.1:7000 \(fingerprint)")
        #expect(error.code == code)
        #expect(error.reason.hasPrefix("torrc:2: DirAuthority \"\(flag)\": "))
    }

    @Test(arguments: ["bad-nick!", "TwentyCharacterNick0"])
    func badNicknames(_ nickname: String) throws {
        let error = try TorrcFixture.onlyError(
            "TestingTorNetwork 1\nDirAuthority \(nickname) v3ident=\(v3ident) 127.0.0.1:7000 \(fingerprint)")
        #expect(error.code == .configBadValue)
    }

    @Test(arguments: ["127.0.0.1", "[::1]:7000", "127.0.0.1:99999", "300.0.0.1:7000"])
    func badAddresses(_ address: String) throws {
        let error = try TorrcFixture.onlyError(
            "TestingTorNetwork 1\nDirAuthority a v3ident=\(v3ident) \(address) \(fingerprint)")
        #expect([.configBadAddress, .configBadFlag].contains(error.code))
    }

    @Test func authorityWithoutV3IdentWarns() throws {
        let (configuration, warnings) = try TorrcFixture.parse(
            "TestingTorNetwork 1\nDirAuthority a orport=5000 v3ident=\(v3ident) 127.0.0.1:7000 \(fingerprint)\nDirAuthority b orport=5001 127.0.0.1:7001 \(TorrcFixture.fingerprint("B"))")
        #expect(configuration.directoryAuthorities.count == 2)
        #expect(configuration.directoryAuthorities.map(\.isV3Authority) == [true, false])
        #expect(warnings.map(\.description) == [
            "torrc:3: DirAuthority b has no v3ident=, so it is not a v3 authority and cannot sign consensuses; add its v3ident= if it should.",
        ])
    }

    @Test func authoritiesWithoutAnyV3IdentAreAnError() throws {
        let problems = try #require(TorrcFixture.problems(
            "TestingTorNetwork 1\n\nDirAuthority a orport=5000 127.0.0.1:7000 \(fingerprint)\nDirAuthority b orport=5001 127.0.0.1:7001 \(TorrcFixture.fingerprint("B"))"))
        #expect(problems.codes == [.configNoV3Authority])
        #expect(problems.errors[0].reason.hasPrefix("torrc:3: DirAuthority \"a\": none of the DirAuthority lines has a v3ident="))
        #expect(problems.warnings.count == 2)
    }

    @Test func ownAuthoritiesOutsideATestNetworkWarn() throws {
        let warnings = try TorrcFixture.warnings("DirAuthority a orport=5000 v3ident=\(v3ident) 127.0.0.1:7000 \(fingerprint)")
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.hasPrefix("DirAuthority replaces the public Tor network's authorities") == true)
    }

    @Test func fallbackDirectories() throws {
        let fallbacks = try TorrcFixture.configuration(
            "FallbackDir 127.0.0.1:7000 orport=5000 id=\(fingerprint)\nFallbackDir 127.0.0.2:7001 id=\(fingerprint) orport=5001 weight=2 ipv6=[::1]:5002"
        ).fallbackDirectories
        #expect(fallbacks == [
            FallbackDirectory(
                address: RelayAddress(address: "127.0.0.1", port: 7000), orPort: 5000,
                identity: try #require(RelayFingerprint(hex: fingerprint))),
            FallbackDirectory(
                address: RelayAddress(address: "127.0.0.2", port: 7001), orPort: 5001,
                identity: try #require(RelayFingerprint(hex: fingerprint)), weight: 2,
                ipv6Address: RelayAddress(address: "::1", port: 5002)),
        ])
        #expect(fallbacks[1].description == "127.0.0.2:7001 orport=5001 id=\(fingerprint) weight=2 ipv6=[::1]:5002")
    }

    @Test(arguments: [
        ("FallbackDir 127.0.0.1:7000 id=\(String(repeating: "A", count: 40))", TorCoreError.Code.configBadValue),
        ("FallbackDir 127.0.0.1:7000 orport=5000", .configBadFingerprint),
        ("FallbackDir 127.0.0.1:7000 orport=5000 id=ABC", .configBadFingerprint),
        ("FallbackDir nick 127.0.0.1:7000 orport=5000 id=\(String(repeating: "A", count: 40))", .configBadAddress),
        ("FallbackDir 127.0.0.1:7000 orport=5000 id=\(String(repeating: "A", count: 40)) bogus=1", .configBadFlag),
    ])
    func malformedFallbacks(_ line: String, _ code: TorCoreError.Code) throws {
        #expect(try TorrcFixture.onlyError(line).code == code)
    }
}
