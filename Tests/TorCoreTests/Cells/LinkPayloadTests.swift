import NIOCore
import Testing
@testable import TorCore

/// Decode -> compare every field -> re-encode byte-exact, for each link payload, with vectors
/// laid out field by field from tor-spec 4 and 5.
@Suite struct LinkPayloadTests {
    @Test func versions() throws {
        let vector = "0004 0005"
        let message = try VersionsMessage(payload: buffer(vector))
        #expect(message.versions == [4, 5])
        #expect(try encoded(message) == hex(vector))
        #expect(message.highestCommonVersion(with: VersionsMessage(versions: [3, 4])) == 4)
        #expect(message.highestCommonVersion(with: VersionsMessage(versions: [1, 2, 3])) == nil)
        #expect(try VersionsMessage(payload: ByteBuffer()).versions.isEmpty)
    }

    @Test func certs() throws {
        // N=3; type 2, CLEN 3; type 4, CLEN 0; type 7 (0x07), CLEN 2; then 2 ignored bytes.
        let body = "03  02 0003 300102  04 0000  07 0002 ABCD"
        let message = try CertsMessage(payload: buffer(body + "FFFF"))
        #expect(message.certificates == [
            .init(type: .rsaIdentityX509, body: [0x30, 0x01, 0x02]),
            .init(type: .ed25519IdentitySigning, body: []),
            .init(type: .rsaEd25519Crosscert, body: [0xAB, 0xCD]),
        ])
        #expect(message.certificate(ofType: .rsaEd25519Crosscert) == [0xAB, 0xCD])
        #expect(message.certificate(ofType: .ed25519SigningLink) == nil)
        #expect(try encoded(message) == hex(body))
    }

    @Test func certsWithNoCertificates() throws {
        let message = try CertsMessage(payload: buffer("00"))
        #expect(message.certificates.isEmpty)
        #expect(try encoded(message) == [0])
    }

    @Test func authChallenge() throws {
        let vector = repeated(0xC7, 32) + "0002 0001 0003"
        let message = try AuthChallengeMessage(payload: buffer(vector + "00"))
        #expect(message.challenge == [UInt8](repeating: 0xC7, count: 32))
        #expect(message.methods == [AuthChallengeMessage.methodRSASHA256TLSSecret,
                                    AuthChallengeMessage.methodEd25519SHA256RFC5705])
        #expect(try encoded(message) == hex(vector))
    }

    @Test func netinfoAsARelaySendsIt() throws {
        // TIME 0x65A0BC00; OTHERADDR 04 04 7F000001; NMYADDR 2: 04 04 C0000207,
        // 06 10 20010db8000000000000000000000001.
        let vector = "65A0BC00  04 04 7F000001  02  04 04 C0000207  06 10 20010DB8000000000000000000000001"
        let message = try NetinfoMessage(payload: buffer(vector + repeated(0, 20)))
        #expect(message.timestamp == 0x65A0_BC00)
        #expect(message.otherAddress == .ipv4(IPv4Address(127, 0, 0, 1)))
        #expect(message.myAddresses == [
            .ipv4(IPv4Address(192, 0, 2, 7)),
            .ipv6(IPv6Address("2001:db8::1")!),
        ])
        #expect(message.otherAddress.ipAddress == .v4(IPv4Address(127, 0, 0, 1)))
        #expect(try encoded(message) == hex(vector))
    }

    @Test func netinfoAsAClientSendsIt() throws {
        // Clients send time 0, the relay's address, and no addresses of their own.
        let message = NetinfoMessage(timestamp: 0, otherAddress: NetinfoAddress(.v4(IPv4Address(127, 0, 0, 1))), myAddresses: [])
        #expect(try encoded(message) == hex("00000000 04 04 7F000001 00"))
    }

    @Test func netinfoKeepsUnknownAndWrongLengthAddresses() throws {
        // An unknown type 0x09 and an "IPv4" of 3 bytes: both ignored as addresses, kept as bytes.
        let vector = "00000001  09 02 ABCD  01  04 03 010203"
        let message = try NetinfoMessage(payload: buffer(vector))
        #expect(message.otherAddress == .unknown(type: 9, value: [0xAB, 0xCD]))
        #expect(message.myAddresses == [.unknown(type: 4, value: [1, 2, 3])])
        #expect(message.otherAddress.ipAddress == nil)
        #expect(try encoded(message) == hex(vector))
    }

    @Test func create2() throws {
        let vector = "0002 0054" + repeated(0x11, 20) + repeated(0x22, 32) + repeated(0x33, 32)
        let message = try Create2Message(payload: buffer(vector + repeated(0, 509 - 88)))
        #expect(message.handshakeType == .ntor)
        #expect(message.handshakeData == hex(repeated(0x11, 20) + repeated(0x22, 32) + repeated(0x33, 32)))
        #expect(try encoded(message) == hex(vector))
    }

    @Test func created2() throws {
        let vector = "0040" + repeated(0x44, 32) + repeated(0x55, 32)
        let message = try Created2Message(payload: buffer(vector + repeated(0, 100)))
        #expect(message.handshakeData == hex(repeated(0x44, 32) + repeated(0x55, 32)))
        #expect(try encoded(message) == hex(vector))
    }

    @Test func createFastAndCreatedFast() throws {
        let x = repeated(0x01, 20)
        let create = try CreateFastMessage(payload: buffer(x + repeated(0, 489)))
        #expect(create.keyMaterial == hex(x))
        #expect(try encoded(create) == hex(x))

        let y = repeated(0x02, 20), kh = repeated(0x03, 20)
        let created = try CreatedFastMessage(payload: buffer(y + kh + repeated(0, 469)))
        #expect(created.keyMaterial == hex(y))
        #expect(created.derivativeKeyData == hex(kh))
        #expect(try encoded(created) == hex(y + kh))
    }

    @Test func destroy() throws {
        let message = try DestroyMessage(payload: buffer("0A" + repeated(0, 508)))
        #expect(message.reason == .timeout)
        #expect(try encoded(message) == [0x0A])
        #expect(DestroyReason.orIdentity.description.hasPrefix("OR_IDENTITY"))
        #expect(DestroyReason(rawValue: 99).description == "reason 99")
    }

    @Test func paddingNegotiate() throws {
        let vector = "00 02 05DC 2328"
        let message = try PaddingNegotiateMessage(payload: buffer(vector + repeated(0, 503)))
        #expect(message.version == 0)
        #expect(message.paddingCommand == .start)
        #expect(message.inactivityTimeoutLow == 1500)
        #expect(message.inactivityTimeoutHigh == 9000)
        #expect(try encoded(message) == hex(vector))
    }

    @Test func handshakeTypeAndCertTypeNames() {
        #expect(HandshakeType.ntorV3.rawValue == 3)
        #expect(HandshakeType(rawValue: 9).description == "handshake type 9")
        #expect(CertType.rsaEd25519Crosscert.rawValue == 7)
        #expect(CertType.onionServiceEncryptionKey.rawValue == 11)
        #expect(CertType(rawValue: 42).description == "certificate type 42")
    }
}
