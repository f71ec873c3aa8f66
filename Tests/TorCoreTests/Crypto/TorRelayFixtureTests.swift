import Testing
@testable import TorCore

/// Ground truth from a real tor 0.4.9.11 relay: its keys and signatures checked by our wrappers.
///
/// How the fixture was made, once: a throwaway relay (`DisableNetwork 1`, `Address 127.0.0.1`,
/// `ORPort 127.0.0.1:47191`, `ControlPort 127.0.0.1:47192`, `PublishServerDescriptor 0`,
/// `Nickname TorSwiftFixture`) was started, `GETINFO status/fresh-relay-descs` on its control port
/// returned the server descriptor below (CRLF turned into LF), and the 32-byte curve25519 secret
/// was read from bytes 32..<64 of its `keys/secret_onion_key_ntor`. Tor printed the fingerprint
/// 68BFA476B22BB46221A0B9DDFAF0E4584812A19D in its log. The relay existed only for this.
@Suite("Real tor relay keys and signatures")
struct TorRelayFixtureTests {
    static let descriptor = #"""
router TorSwiftFixture 127.0.0.1 47191 0 0
identity-ed25519
-----BEGIN ED25519 CERT-----
AQQAB57zAXmVoBsiqvxDQM8AgPJFIPsRaLsBufcqdSA8T6Yu/cfRAQAgBAB+Zu5B
gDRAaV74lI0MRDTdYc61KvHg2sGmUGV9dH2OejVqeaD4ABRYIkXDxhSOtj88buGx
UyB043vEhRfFPdCN8PHE2+Rfwa4i5AZdULRZDnvlnvPirXzFFqmyIVoOng4=
-----END ED25519 CERT-----
master-key-ed25519 fmbuQYA0QGle+JSNDEQ03WHOtSrx4NrBplBlfXR9jno
platform Tor 0.4.9.11 on Linux
proto Conflux=1 Cons=1-2 Desc=1-4 DirCache=2 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=3-5 LinkAuth=3 Microdesc=1-3 Padding=2 Relay=2-6
published 2026-11-23 02:10:11
fingerprint 68BF A476 B22B B462 21A0 B9DD FAF0 E458 4812 A19D
uptime 3
bandwidth 1073741824 1073741824 0
extra-info-digest 554717209EB423D78293952A809BDF85D043FA11 r3nMYXmrcutYyHNjPmR+iZ5LRLIW3M8l/A+jtIPce5g
onion-key
-----BEGIN RSA PUBLIC KEY-----
MIGJAoGBAN84vOe8CRPJujalGQe0jIFgz6HvGz1Rqcc6E3X8WsjWcmO1HjhWxL3A
AP3id0nEeCcsDI+S+LodZxwR5ORN9TvWcMnQxwYmpteWpg4XpB97lE/Wo/XPSfe8
wyzRF1nmIl18E+KYxK8mOuvbYuPZi+XXPMe/dJd0NAv5i7X847sPAgMBAAE=
-----END RSA PUBLIC KEY-----
signing-key
-----BEGIN RSA PUBLIC KEY-----
MIGJAoGBANZez7lCYnlBzYL5hQ0S/Rqre/nAYBCQqe6QOLYG0kG0LtN5qezVMMx2
Au59IcI2XftUS2KSzrALW9aanVh5KY2pme5x/Unvie9PN5aTGE4W2B5XNw5CFg3q
B+pWjVFq2Q8muOaAZxPBQCzRGbOQFle4Id0V3B8N/LWmY5l8CAHPAgMBAAE=
-----END RSA PUBLIC KEY-----
onion-key-crosscert
-----BEGIN CROSSCERT-----
2AD2IO+Ttks9rA1VgB8694fMxuqJeQqQvQ2Rn2pocbIHQhOvFlNAee07eq0kCxyj
cn+ECoyq0QIovcqZt+4c3mCE61GaYD2nPMHMSjOGukFB1nVd1oG0w1XHZ8wv8cj/
TdlxrTbJWbYPOfwVGxeTSW26V6NmJWErddjuufVqcO4=
-----END CROSSCERT-----
ntor-onion-key-crosscert 0
-----BEGIN ED25519 CERT-----
AQoAB57DAX5m7kGANEBpXviUjQxENN1hzrUq8eDawaZQZX10fY56AI8Uebr0aYYu
zdnEnDGcKTT9pD7IorCO2s6ZxKfETAHc0mpBcsRZRXjnisoTeo4TE2HzsuO+gs6q
11BZfgC5QAU=
-----END ED25519 CERT-----
hidden-service-dir
contact torswift-crypto-fixture
ntor-onion-key cxjWe4z8TxEsgqjgWJoQyiArB8exAxO9xOApMMAYzAE
reject *:*
router-sig-ed25519 6wSOkvvpolULkwsa77V5Tddtal5qm/ktqJY70JkOK4STnihiHPSk3GjcbUc2vq1hEVo19yCn+XPV4lpOPMUsBQ
router-signature
-----BEGIN SIGNATURE-----
NAxj1q2u+i7d6T/BX9GFFh6FEsWmif3IQaYVmjW8A2W9sl1ZxKvWvXdfv4HGs03D
fIfZ96K1HCVMfz3NmtWDZHHfOSpIwVZGQmI7hwVBJcsEaW6NZXSQwoUiluWGhtta
j2MYVwymFKClMTmSzdC97NKmlGT3mKWS07+Agz4M0hU=
-----END SIGNATURE-----
"""#
    static let ntorSecretKey = CryptoTestHex.bytes(
        "0832a41f3345b8d49d2297dd4026b36132462ffb4ce10eb6b10b465640887349")
    static let fingerprint = CryptoTestHex.bytes("68BFA476B22BB46221A0B9DDFAF0E4584812A19D")

    /// The text of keyword `keyword`'s object (the PEM block following its line).
    static func object(after keyword: String) throws -> String {
        let start = try #require(descriptor.firstRange(of: "\n" + keyword + "\n"))
        let rest = descriptor[start.upperBound...]
        let end = try #require(rest.firstRange(of: "-----END "))
        // The descriptor's last line has no newline in the string literal.
        let lineEnd = rest[end.upperBound...].firstIndex(of: "\n") ?? rest.endIndex
        return String(rest[..<lineEnd]) + "\n"
    }

    /// The single argument on the line starting with `keyword`.
    static func argument(of keyword: String) throws -> String {
        let start = try #require(descriptor.firstRange(of: "\n" + keyword + " "))
        let rest = descriptor[start.upperBound...]
        return String(rest.prefix { $0 != "\n" })
    }

    /// The descriptor bytes from its start through the end of `marker`'s first occurrence.
    static func prefix(through marker: String) throws -> [UInt8] {
        let range = try #require(descriptor.firstRange(of: marker))
        return Array(descriptor[..<range.upperBound].utf8)
    }

    @Test func identityKeyFingerprintMatchesTor() throws {
        let identity = try RSAPublicKey(pem: try Self.object(after: "signing-key"))
        #expect(identity.bitCount == 1024)
        #expect(identity.fingerprint == Self.fingerprint)
        let printed = try Self.argument(of: "fingerprint").filter { $0 != " " }
        #expect(CryptoTestHex.bytes(printed) == identity.fingerprint)
    }

    // dir-spec 2.1.1 "router-signature": SHA-1 of the descriptor from "router" through the
    // newline after "router-signature", PKCS#1-padded without DigestInfo, by the identity key.
    @Test func routerSignatureVerifiesAsTorSignature() throws {
        let identity = try RSAPublicKey(pem: try Self.object(after: "signing-key"))
        let signature = try PEMBlock(try Self.object(after: "router-signature"))
        #expect(signature.label == "SIGNATURE")
        let digest = Digest.sha1(try Self.prefix(through: "\nrouter-signature\n"))
        #expect(identity.verifyTorSignature(signature.der, digest: digest))
        var wrong = digest
        wrong[0] ^= 1
        #expect(!identity.verifyTorSignature(signature.der, digest: wrong))
    }

    // dir-spec 2.1.1 "onion-key-crosscert": the TAP onion key's RSA signature over the identity
    // digest followed by the Ed25519 master key (52 raw bytes, no hash).
    @Test func onionKeyCrossCertificateVerifies() throws {
        let onionKey = try RSAPublicKey(pem: try Self.object(after: "onion-key"))
        let crossCertificate = try PEMBlock(try Self.object(after: "onion-key-crosscert"))
        let master = CryptoTestHex.base64(try Self.argument(of: "master-key-ed25519"))
        #expect(master.count == 32)
        #expect(onionKey.verifyTorSignature(crossCertificate.der, digest: Self.fingerprint + master))
    }

    // cert-spec 2.1: the identity-ed25519 certificate (type 4) certifies the signing key and is
    // signed by the master key carried in extension type 4; dir-spec 2.1.1 "router-sig-ed25519"
    // signs SHA-256("Tor router descriptor signature v1" | descriptor through that keyword + space).
    @Test func ed25519CertificateAndDescriptorSignatureVerify() throws {
        let certificate = try PEMBlock(try Self.object(after: "identity-ed25519")).der
        let master = CryptoTestHex.base64(try Self.argument(of: "master-key-ed25519"))
        #expect(certificate[0] == 1 && certificate[1] == 4)
        let signingKey = Array(certificate[7..<39])
        // Extension header after n_extensions: length 32, type 4 (signed-with-ed25519-key), flags.
        #expect(certificate[39] == 1 && certificate[42] == 4)
        #expect(Array(certificate[44..<76]) == master)
        let body = Array(certificate.dropLast(64))
        let certificateSignature = Array(certificate.suffix(64))
        #expect(Ed25519.verify(signature: certificateSignature, message: body, publicKey: master))
        #expect(!Ed25519.verify(signature: certificateSignature, message: body, publicKey: signingKey))

        let signed = Array("Tor router descriptor signature v1".utf8)
            + (try Self.prefix(through: "\nrouter-sig-ed25519 "))
        let descriptorSignature = CryptoTestHex.base64(try Self.argument(of: "router-sig-ed25519"))
        #expect(Ed25519.verify(
            signature: descriptorSignature, message: Digest.sha256(signed), publicKey: signingKey))
    }

    // The relay's ntor onion key (tor-spec 5.1.4 B) is the X25519 base-point product of its secret.
    @Test func ntorOnionKeyIsTheX25519PublicKeyOfTorsSecret() throws {
        let key = try X25519PrivateKey(rawRepresentation: Self.ntorSecretKey)
        #expect(key.publicKey == CryptoTestHex.base64(try Self.argument(of: "ntor-onion-key")))
    }
}
