import NIOCore
import Testing
@testable import TorCore

/// Decode -> compare every field -> re-encode byte-exact, for each relay message, with
/// vectors laid out field by field from tor-spec 5.1.2, 6.2–6.4 and 7.3.
@Suite struct RelayMessageTests {
    @Test func beginToAHostname() throws {
        // "example.com:443" NUL, FLAGS 00000001 (IPv6 okay).
        let vector = "6578616D706C652E636F6D3A343433 00 00000001"
        let message = try BeginMessage(data: buffer(vector))
        #expect(message.address == "example.com")
        #expect(message.port == 443)
        #expect(message.flags == .ipv6Okay)
        #expect(try encoded(message) == hex(vector))
    }

    @Test func beginToAnIPv4Address() throws {
        // "192.0.2.7:80" NUL, FLAGS 00000006 (IPv4 not okay, IPv6 preferred).
        let vector = "3139322E302E322E373A3830 00 00000006"
        let message = try BeginMessage(data: buffer(vector))
        #expect(message.address == "192.0.2.7")
        #expect(message.port == 80)
        #expect(message.flags == [.ipv4Not, .ipv6Preferred])
        #expect(try encoded(message) == hex(vector))
    }

    @Test func beginToABracketedIPv6Address() throws {
        // "[2001:db8::1]:8080" NUL, FLAGS with a reserved bit set (survives).
        let vector = "5B323030313A6462383A3A315D3A38303830 00 80000001"
        let message = try BeginMessage(data: buffer(vector))
        #expect(message.address == "[2001:db8::1]")
        #expect(message.port == 8080)
        #expect(message.flags.rawValue == 0x8000_0001)
        #expect(try encoded(message) == hex(vector))
    }

    @Test func beginWithoutFlagsReadsAsZeroFlags() throws {
        let message = try BeginMessage(data: buffer("6578616D706C652E636F6D3A343433 00"))
        #expect(message.flags == [])
    }

    @Test func beginBuiltLocallyIsLowerCased() throws {
        let message = BeginMessage(address: "Example.COM", port: 443)
        #expect(try encoded(message) == hex("6578616D706C652E636F6D3A343433 00 00000000"))
    }

    @Test func connectedForms() throws {
        let empty = try ConnectedMessage(data: ByteBuffer())
        #expect(empty.address == nil && empty.ttl == nil)
        #expect(try encoded(empty).isEmpty)

        let v4Vector = "C0000207 00000E10"
        let v4 = try ConnectedMessage(data: buffer(v4Vector))
        #expect(v4.address == .v4(IPv4Address(192, 0, 2, 7)))
        #expect(v4.ttl == 3600)
        #expect(try encoded(v4) == hex(v4Vector))

        let v4NoTTL = try ConnectedMessage(data: buffer("7F000001"))
        #expect(v4NoTTL.address == .v4(IPv4Address(127, 0, 0, 1)) && v4NoTTL.ttl == nil)
        #expect(try encoded(v4NoTTL) == hex("7F000001"))

        let v6Vector = "00000000 06 20010DB8000000000000000000000001 0000012C"
        let v6 = try ConnectedMessage(data: buffer(v6Vector))
        #expect(v6.address == .v6(IPv6Address("2001:db8::1")!))
        #expect(v6.ttl == 300)
        #expect(try encoded(v6) == hex(v6Vector))
    }

    @Test func endWithOnlyAReason() throws {
        let message = try EndMessage(data: buffer("06"))
        #expect(message.reason == .done)
        #expect(message.exitPolicyAddress == nil && message.exitPolicyTTL == nil)
        #expect(try encoded(message) == [6])
        #expect(EndReason.notDirectory.description.hasPrefix("NOTDIRECTORY"))
    }

    @Test func anEmptyEndMeansMisc() throws {
        #expect(try EndMessage(data: ByteBuffer()).reason == .misc)
    }

    @Test func endForExitPolicyWithIPv4AndTTL() throws {
        let vector = "04 C0000207 00015180"
        let message = try EndMessage(data: buffer(vector))
        #expect(message.reason == .exitPolicy)
        #expect(message.exitPolicyAddress == .v4(IPv4Address(192, 0, 2, 7)))
        #expect(message.exitPolicyTTL == 86_400)
        #expect(try encoded(message) == hex(vector))
    }

    @Test func endForExitPolicyWithIPv6AndNoTTL() throws {
        let vector = "04 20010DB8000000000000000000000001"
        let message = try EndMessage(data: buffer(vector))
        #expect(message.exitPolicyAddress == .v6(IPv6Address("2001:db8::1")!))
        #expect(message.exitPolicyTTL == nil)
        #expect(try encoded(message) == hex(vector))
    }

    @Test func endForExitPolicyWithAnOddLengthAddressIsStillAnEnd() throws {
        let message = try EndMessage(data: buffer("04 C00002"))
        #expect(message.reason == .exitPolicy && message.exitPolicyAddress == nil)
    }

    @Test func sendmeVersions() throws {
        let legacy = try SendmeMessage(data: ByteBuffer())
        #expect(legacy == .legacy)
        #expect(try encoded(legacy).isEmpty)
        #expect(try SendmeMessage(data: buffer("00 0000")) == .legacy)

        let digest = repeated(0x5D, 20)
        let vector = "01 0014" + digest
        let authenticated = try SendmeMessage(data: buffer(vector))
        #expect(authenticated.version == 1)
        #expect(authenticated.digest == hex(digest))
        #expect(try encoded(authenticated) == hex(vector))
    }

    @Test func sendmeWithALongerDataFieldUsesTheFirst20Bytes() throws {
        let message = try SendmeMessage(data: buffer("01 0016" + repeated(0x5D, 20) + "FFFF"))
        #expect(message.digest == hex(repeated(0x5D, 20)))
    }

    @Test func extend2WithEveryKindOfLinkSpecifier() throws {
        let vector = "05"
            + "00 06 7F000001 2329"                              // IPv4 127.0.0.1:9001
            + "02 14" + repeated(0xAA, 20)                        // legacy identity
            + "03 20" + repeated(0xBB, 32)                        // Ed25519 identity
            + "01 12 20010DB8000000000000000000000001 2329"      // IPv6 [2001:db8::1]:9001
            + "7F 03 010203"                                      // unknown type 0x7F
            + "0002 0054" + repeated(0xCC, 84)                    // ntor, 84 bytes
        let message = try Extend2Message(data: buffer(vector))
        #expect(message.linkSpecifiers == [
            .ipv4(IPv4Address(127, 0, 0, 1), port: 9001),
            .legacyIdentity(hex(repeated(0xAA, 20))),
            .ed25519Identity(hex(repeated(0xBB, 32))),
            .ipv6(IPv6Address("2001:db8::1")!, port: 9001),
            .unknown(type: 0x7F, data: [1, 2, 3]),
        ])
        #expect(message.handshakeType == .ntor)
        #expect(message.handshakeData == hex(repeated(0xCC, 84)))
        #expect(try encoded(message) == hex(vector))
    }

    @Test func extended2() throws {
        let vector = "0040" + repeated(0x44, 64)
        let message = try Extended2Message(data: buffer(vector))
        #expect(message.handshakeData == hex(repeated(0x44, 64)))
        #expect(try encoded(message) == hex(vector))
    }

    @Test func resolve() throws {
        let vector = "7777772E6578616D706C652E6F7267 00"
        let message = try ResolveMessage(data: buffer(vector))
        #expect(message.hostname == "www.example.org")
        #expect(try encoded(message) == hex(vector))
    }

    @Test func resolveForReverseLookups() throws {
        let v4 = ResolveMessage.reverseLookup(of: .v4(IPv4Address(192, 0, 2, 7)))
        #expect(try encoded(v4) == hex("372E322E302E3139322E696E2D616464722E61727061 00"))
        #expect(v4.hostname == "7.2.0.192.in-addr.arpa")
        // RFC 3596 section 2.5's example, in lower case.
        let v6 = ResolveMessage.reverseLookup(of: .v6(IPv6Address("4321:0:1:2:3:4:567:89ab")!))
        #expect(v6.hostname == "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa")
    }

    @Test func resolvedWithEveryKindOfAnswer() throws {
        let vector = "04 04 C0000207 0000003C"
            + "06 10 20010DB8000000000000000000000001 00000078"
            + "00 0F 7777772E6578616D706C652E6F7267 00000E10"
            + "F0 18 4572726F72207265736F6C76696E6720686F73746E616D65 00000000"
            + "F1 00 00000000"
            + "09 01 FF 00000001"
        let message = try ResolvedMessage(data: buffer(vector))
        #expect(message.answers == [
            ResolvedAnswer(.ipv4(IPv4Address(192, 0, 2, 7)), ttl: 60),
            ResolvedAnswer(.ipv6(IPv6Address("2001:db8::1")!), ttl: 120),
            ResolvedAnswer(.hostname("www.example.org"), ttl: 3600),
            ResolvedAnswer(.transientError(Array("Error resolving hostname".utf8)), ttl: 0),
            ResolvedAnswer(.nontransientError([]), ttl: 0),
            ResolvedAnswer(.unknown(type: 9, value: [0xFF]), ttl: 1),
        ])
        #expect(message.answers[3].isError && !message.answers[0].isError)
        #expect(try encoded(message) == hex(vector))
        #expect(try ResolvedMessage(data: ByteBuffer()).answers.isEmpty)
    }

    @Test func truncated() throws {
        let message = try TruncatedMessage(data: buffer("08"))
        #expect(message.reason == .channelClosed)
        #expect(try encoded(message) == [8])
    }
}
