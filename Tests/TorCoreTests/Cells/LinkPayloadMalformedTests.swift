import NIOCore
import Testing
@testable import TorCore

/// One case per way a link payload can be malformed, each with the error code it must raise.
@Suite struct LinkPayloadMalformedTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let payload: String
        let code: TorCoreError.Code
        let decode: @Sendable (ByteBuffer) throws -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "VERSIONS with an odd length", payload: "0004 00", code: .versionsOddLength) {
            _ = try VersionsMessage(payload: $0)
        },
        Case(name: "CERTS with no count", payload: "", code: .certsTruncated) {
            _ = try CertsMessage(payload: $0)
        },
        Case(name: "CERTS announcing more certificates than present", payload: "02 02 0001 30", code: .certsTruncated) {
            _ = try CertsMessage(payload: $0)
        },
        Case(name: "CERTS cut inside CLEN", payload: "01 02 00", code: .certsTruncated) {
            _ = try CertsMessage(payload: $0)
        },
        Case(name: "CERTS with CLEN beyond the cell", payload: "01 04 0010 AABB", code: .certsTruncated) {
            _ = try CertsMessage(payload: $0)
        },
        Case(name: "CERTS with one type twice", payload: "02 04 0001 AA 04 0001 BB", code: .certsDuplicateType) {
            _ = try CertsMessage(payload: $0)
        },
        Case(name: "AUTH_CHALLENGE with a short challenge", payload: repeated(1, 31), code: .authChallengeTruncated) {
            _ = try AuthChallengeMessage(payload: $0)
        },
        Case(name: "AUTH_CHALLENGE with fewer methods than announced",
             payload: repeated(1, 32) + "0003 0001 0003", code: .authChallengeTruncated) {
            _ = try AuthChallengeMessage(payload: $0)
        },
        Case(name: "NETINFO with a short timestamp", payload: "000000", code: .netinfoTruncated) {
            _ = try NetinfoMessage(payload: $0)
        },
        Case(name: "NETINFO address longer than the cell", payload: "00000000 04 04 7F00", code: .netinfoTruncated) {
            _ = try NetinfoMessage(payload: $0)
        },
        Case(name: "NETINFO with no address count", payload: "00000000 04 04 7F000001", code: .netinfoTruncated) {
            _ = try NetinfoMessage(payload: $0)
        },
        Case(name: "NETINFO with fewer own addresses than announced",
             payload: "00000000 04 04 7F000001 02 04 04 7F000001", code: .netinfoTruncated) {
            _ = try NetinfoMessage(payload: $0)
        },
        Case(name: "CREATE2 with HLEN beyond the payload", payload: "0002 0054" + repeated(0, 80), code: .create2Truncated) {
            _ = try Create2Message(payload: $0)
        },
        Case(name: "CREATE2 with no HLEN", payload: "0002", code: .create2Truncated) {
            _ = try Create2Message(payload: $0)
        },
        Case(name: "CREATED2 with HLEN beyond the payload", payload: "0040" + repeated(0, 63), code: .created2Truncated) {
            _ = try Created2Message(payload: $0)
        },
        Case(name: "CREATE_FAST shorter than 20 bytes", payload: repeated(0, 19), code: .createFastTruncated) {
            _ = try CreateFastMessage(payload: $0)
        },
        Case(name: "CREATED_FAST shorter than 40 bytes", payload: repeated(0, 39), code: .createdFastTruncated) {
            _ = try CreatedFastMessage(payload: $0)
        },
        Case(name: "DESTROY with no reason", payload: "", code: .destroyTruncated) {
            _ = try DestroyMessage(payload: $0)
        },
        Case(name: "PADDING_NEGOTIATE cut short", payload: "00 02 05DC 23", code: .paddingNegotiateTruncated) {
            _ = try PaddingNegotiateMessage(payload: $0)
        },
    ]

    @Test(arguments: cases)
    func malformedPayloadThrowsItsCode(_ item: Case) {
        expectError(item.code) { try item.decode(buffer(item.payload)) }
    }

    // Encoders refuse values that do not fit their wire fields, and write nothing then.

    @Test func encodingRefusesAShortChallenge() {
        var out = ByteBuffer()
        expectError(.authChallengeBadChallengeLength) {
            try AuthChallengeMessage(challenge: [1, 2], methods: [3]).encode(into: &out)
        }
        #expect(out.readableBytes == 0)
    }

    @Test func encodingRefusesCreateFastKeyMaterialOfTheWrongLength() {
        var out = ByteBuffer()
        expectError(.createFastBadLength) { try CreateFastMessage(keyMaterial: [1]).encode(into: &out) }
        expectError(.createdFastBadLength) {
            try CreatedFastMessage(keyMaterial: [1], derivativeKeyData: []).encode(into: &out)
        }
        #expect(out.readableBytes == 0)
    }

    @Test func encodingRefusesHandshakeDataThatDoesNotFitACell() {
        var out = ByteBuffer()
        expectError(.create2HandshakeTooLong) {
            try Create2Message(handshakeType: .ntorV3, handshakeData: [UInt8](repeating: 0, count: 506)).encode(into: &out)
        }
        expectError(.created2HandshakeTooLong) {
            try Created2Message(handshakeData: [UInt8](repeating: 0, count: 508)).encode(into: &out)
        }
        #expect(out.readableBytes == 0)
    }

    @Test func encodingRefusesTooManyCertificatesOrAnOversizedOne() {
        var out = ByteBuffer()
        let many = (0..<256).map { CertsMessage.Entry(type: CertType(rawValue: UInt8($0 % 256)), body: []) }
        expectError(.certsTooMany) { try CertsMessage(certificates: many).encode(into: &out) }
        let huge = CertsMessage.Entry(type: .linkX509, body: [UInt8](repeating: 0, count: 65_536))
        expectError(.certsCertificateTooLong) { try CertsMessage(certificates: [huge]).encode(into: &out) }
        #expect(out.readableBytes == 0)
    }

    @Test func encodingRefusesAnOversizedNetinfoAddressWithoutWritingHalfAMessage() {
        var out = ByteBuffer()
        let message = NetinfoMessage(
            timestamp: 0, otherAddress: .ipv4(IPv4Address(127, 0, 0, 1)),
            myAddresses: [.unknown(type: 9, value: [UInt8](repeating: 0, count: 256))])
        expectError(.netinfoAddressTooLong) { try message.encode(into: &out) }
        #expect(out.readableBytes == 0)
        let crowded = NetinfoMessage(
            timestamp: 0, otherAddress: .ipv4(IPv4Address(127, 0, 0, 1)),
            myAddresses: Array(repeating: .ipv4(IPv4Address(127, 0, 0, 1)), count: 256))
        expectError(.netinfoTooManyAddresses) { try crowded.encode(into: &out) }
    }

    @Test func encodingRefusesMoreVersionsThanACellHolds() {
        var out = ByteBuffer()
        expectError(.versionsTooMany) {
            try VersionsMessage(versions: Array(repeating: 4, count: 32_768)).encode(into: &out)
        }
    }
}
