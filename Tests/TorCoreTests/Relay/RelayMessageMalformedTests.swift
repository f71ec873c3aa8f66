import NIOCore
import Testing
@testable import TorCore

/// One case per way a relay message can be malformed, each with the error code it must raise.
@Suite struct RelayMessageMalformedTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let data: String
        let code: TorCoreError.Code
        let decode: @Sendable (ByteBuffer) throws -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "BEGIN address with no NUL", data: "6578616D706C652E636F6D3A343433", code: .beginUnterminated) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with no port", data: "6578616D706C652E636F6D 00 00000000", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with port 0", data: "6578616D706C652E636F6D3A30 00", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with port 65536", data: "6578616D706C652E636F6D3A3635353336 00", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with a signed port", data: "6578616D706C652E636F6D3A2B3830 00", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with an empty host", data: "3A3830 00", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with an unbracketed IPv6 address", data: "3A3A313A3830 00", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "BEGIN with an address that is not UTF-8", data: "FF3A3830 00", code: .beginMalformedAddress) {
            _ = try BeginMessage(data: $0)
        },
        Case(name: "CONNECTED shorter than an address", data: "7F00", code: .connectedMalformed) {
            _ = try ConnectedMessage(data: $0)
        },
        Case(name: "CONNECTED with zeros but no address type", data: "00000000", code: .connectedMalformed) {
            _ = try ConnectedMessage(data: $0)
        },
        Case(name: "CONNECTED with an address type other than 6", data: "00000000 04 7F000001 00000000", code: .connectedMalformed) {
            _ = try ConnectedMessage(data: $0)
        },
        Case(name: "CONNECTED with a short IPv6 address", data: "00000000 06 20010DB8", code: .connectedMalformed) {
            _ = try ConnectedMessage(data: $0)
        },
        Case(name: "CONNECTED IPv6 without its TTL", data: "00000000 06 20010DB8000000000000000000000001", code: .connectedMalformed) {
            _ = try ConnectedMessage(data: $0)
        },
        Case(name: "SENDME v1 with no DATA_LEN", data: "01", code: .sendmeTruncated) {
            _ = try SendmeMessage(data: $0)
        },
        Case(name: "SENDME v1 with DATA_LEN under 20", data: "01 0013" + repeated(1, 19), code: .sendmeShortDigest) {
            _ = try SendmeMessage(data: $0)
        },
        Case(name: "SENDME v1 with DATA_LEN beyond the message", data: "01 0014" + repeated(1, 19), code: .sendmeTruncated) {
            _ = try SendmeMessage(data: $0)
        },
        Case(name: "SENDME of version 2", data: "02 0000", code: .sendmeUnknownVersion) {
            _ = try SendmeMessage(data: $0)
        },
        Case(name: "EXTEND2 with no NSPEC", data: "", code: .extend2Truncated) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with an IPv4 specifier of 5 bytes", data: "01 00 05 7F00000123 0002 0000", code: .linkSpecifierBadLength) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with an IPv6 specifier of 16 bytes", data: "01 01 10" + repeated(0, 16) + "0002 0000", code: .linkSpecifierBadLength) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with a legacy identity of 19 bytes", data: "01 02 13" + repeated(0, 19) + "0002 0000", code: .linkSpecifierBadLength) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with an Ed25519 identity of 33 bytes", data: "01 03 21" + repeated(0, 33) + "0002 0000", code: .linkSpecifierBadLength) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with a specifier longer than the message", data: "01 7F 10 0102", code: .linkSpecifierTruncated) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with fewer specifiers than NSPEC", data: "02 00 06 7F0000012329", code: .linkSpecifierTruncated) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with two legacy identities",
             data: "02 02 14" + repeated(1, 20) + "02 14" + repeated(2, 20) + "0002 0000", code: .extend2DuplicateIdentity) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with no handshake type", data: "00", code: .extend2Truncated) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTEND2 with HLEN beyond the message", data: "00 0002 0054" + repeated(0, 10), code: .extend2Truncated) {
            _ = try Extend2Message(data: $0)
        },
        Case(name: "EXTENDED2 with HLEN beyond the message", data: "0040" + repeated(0, 10), code: .extended2Truncated) {
            _ = try Extended2Message(data: $0)
        },
        Case(name: "EXTENDED2 with no HLEN", data: "00", code: .extended2Truncated) {
            _ = try Extended2Message(data: $0)
        },
        Case(name: "RESOLVE with no NUL", data: "7777772E6578616D706C652E6F7267", code: .resolveUnterminated) {
            _ = try ResolveMessage(data: $0)
        },
        Case(name: "RESOLVE hostname that is not UTF-8", data: "C328 00", code: .resolveMalformedHostname) {
            _ = try ResolveMessage(data: $0)
        },
        Case(name: "RESOLVED answer cut before its TTL", data: "04 04 C0000207 0000", code: .resolvedTruncated) {
            _ = try ResolvedMessage(data: $0)
        },
        Case(name: "RESOLVED answer with a value beyond the message", data: "00 20 7777", code: .resolvedTruncated) {
            _ = try ResolvedMessage(data: $0)
        },
        Case(name: "RESOLVED with a lone type byte", data: "04", code: .resolvedTruncated) {
            _ = try ResolvedMessage(data: $0)
        },
        Case(name: "RESOLVED IPv4 answer of 5 bytes", data: "04 05 C000020701 0000003C", code: .resolvedBadAnswer) {
            _ = try ResolvedMessage(data: $0)
        },
        Case(name: "RESOLVED IPv6 answer of 4 bytes", data: "06 04 C0000207 0000003C", code: .resolvedBadAnswer) {
            _ = try ResolvedMessage(data: $0)
        },
        Case(name: "RESOLVED hostname that is not UTF-8", data: "00 02 C328 0000003C", code: .resolvedBadAnswer) {
            _ = try ResolvedMessage(data: $0)
        },
        Case(name: "TRUNCATED with no reason", data: "", code: .truncatedMissingReason) {
            _ = try TruncatedMessage(data: $0)
        },
    ]

    @Test(arguments: cases)
    func malformedDataThrowsItsCode(_ item: Case) {
        expectError(item.code) { try item.decode(buffer(item.data)) }
    }

    // Encoders refuse values that do not fit, and write nothing then.

    @Test(arguments: ["", "host\u{0}name", "::1", "[not-v6]"])
    func beginRefusesTargetsThatCannotBeSent(_ address: String) {
        var out = ByteBuffer()
        expectError(.beginInvalidTarget) { try BeginMessage(exactAddress: address, port: 80, flags: []).encode(into: &out) }
        #expect(out.readableBytes == 0)
    }

    @Test func beginRefusesPortZero() {
        var out = ByteBuffer()
        expectError(.beginInvalidTarget) { try BeginMessage(address: "example.com", port: 0).encode(into: &out) }
    }

    @Test func connectedRefusesTheUnspecifiedIPv4Address() {
        var out = ByteBuffer()
        expectError(.connectedUnencodableAddress) {
            try ConnectedMessage(address: .v4(IPv4Address(rawValue: 0)), ttl: 1).encode(into: &out)
        }
    }

    @Test func sendmeRefusesAWrongDigestLength() {
        var out = ByteBuffer()
        expectError(.sendmeBadDigestLength) { try SendmeMessage.authenticated(digest: [1, 2, 3]).encode(into: &out) }
        #expect(out.readableBytes == 0)
    }

    @Test func extend2RefusesABadIdentityWithoutWritingHalfAMessage() {
        var out = ByteBuffer()
        let message = Extend2Message(
            linkSpecifiers: [.ipv4(IPv4Address(127, 0, 0, 1), port: 9001), .ed25519Identity([1, 2, 3])],
            handshakeType: .ntor, handshakeData: [])
        expectError(.linkSpecifierBadLength) { try message.encode(into: &out) }
        #expect(out.readableBytes == 0)
    }

    @Test func extend2RefusesTooManySpecifiersOrTooMuchHandshake() {
        var out = ByteBuffer()
        let crowded = Extend2Message(
            linkSpecifiers: Array(repeating: .unknown(type: 9, data: []), count: 256), handshakeType: .ntor, handshakeData: [])
        expectError(.extend2TooManyLinkSpecifiers) { try crowded.encode(into: &out) }
        let huge = Extend2Message(linkSpecifiers: [], handshakeType: .ntorV3, handshakeData: Array(repeating: 0, count: 65_536))
        expectError(.extend2HandshakeTooLong) { try huge.encode(into: &out) }
    }

    @Test func extended2RefusesHandshakeDataBeyondOneCell() {
        var out = ByteBuffer()
        expectError(.extended2HandshakeTooLong) {
            try Extended2Message(handshakeData: Array(repeating: 0, count: 497)).encode(into: &out)
        }
    }

    @Test func resolveRefusesAnEmptyHostname() {
        var out = ByteBuffer()
        expectError(.resolveMalformedHostname) { try ResolveMessage(hostname: "").encode(into: &out) }
    }

    @Test func resolvedRefusesAnOversizedAnswerWithoutWritingHalfAMessage() {
        var out = ByteBuffer()
        let message = ResolvedMessage(answers: [
            ResolvedAnswer(.ipv4(IPv4Address(127, 0, 0, 1)), ttl: 1),
            ResolvedAnswer(.hostname(String(repeating: "a", count: 256)), ttl: 1),
        ])
        expectError(.resolvedAnswerTooLong) { try message.encode(into: &out) }
        #expect(out.readableBytes == 0)
    }
}
