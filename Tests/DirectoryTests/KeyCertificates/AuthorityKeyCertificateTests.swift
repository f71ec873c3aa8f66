import Testing
import TorCore
@testable import Directory

@Suite("Authority key certificates (dir-spec 3.1)")
struct AuthorityKeyCertificateTests {
    @Test func parsesEveryCertificateThatAuthoritiesServe() throws {
        let bytes = try Fixtures.bytes("keys-all")
        let certificates = try AuthorityKeyCertificate.parseAll(bytes)
        #expect(certificates.map { hex($0.fingerprint).uppercased() } == [Fixtures.auth2, Fixtures.auth1, Fixtures.auth3])
        // The certificates tile the response byte for byte.
        #expect(certificates.flatMap(\.bytes) == bytes)
        let first = certificates[0]
        #expect(first.directoryAddress == "127.0.0.1:28102")
        #expect(first.published == 1_795_400_251)  // 2026-11-23 02:17:31
        #expect(first.expires == 1_826_936_251)  // 2027-11-23 02:17:31
        #expect(first.identityKey.bitCount == 3072)
        #expect(first.signingKey.bitCount == 2048)
        #expect(first.lineNumber == 1)
        #expect(certificates[1].lineNumber == 47)
        // SHA-1 through "dir-key-certification\n", as Python's hashlib computes it.
        #expect(certificates.map { hex($0.certifiedDigest) } == [
            "9ce713ffdc0ea16dc0ed384ecdfebe30aba614cb",
            "d6388e059945ea67f7dc4fc7de0042abe8562afc",
            "6a0dfe0b5d503d04de93a30b7cdb02321112adc4",
        ])
        for certificate in certificates {
            let authority = hex(certificate.fingerprint).uppercased()
            #expect(hex(certificate.signingKey.fingerprint).uppercased() == Fixtures.signingKeyDigests[authority])
        }
    }

    @Test func parsesOneCertificateAlone() throws {
        let certificates = try AuthorityKeyCertificate.parseAll(Fixtures.bytes("keys-all"))
        let single = try AuthorityKeyCertificate(parsing: certificates[2].bytes)
        #expect(single.bytes == certificates[2].bytes)
        #expect(single.certifiedDigest == certificates[2].certifiedDigest)
    }

    @Test func realCertificatesVerify() throws {
        let verified = try Fixtures.verifiedCertificates()
        #expect(verified.map(\.identity.hex) == [Fixtures.auth2, Fixtures.auth1, Fixtures.auth3])
        #expect(verified.map { hex($0.signingKeyDigest).uppercased() }
            == [Fixtures.auth2, Fixtures.auth1, Fixtures.auth3].map { Fixtures.signingKeyDigests[$0] })
    }

    @Test func certificationByAnotherAuthoritysIdentityIsRejected() throws {
        // auth1's certificate with auth2's identity key and fingerprint swapped in: the
        // fingerprint now matches the key, but auth1's identity key made the certification.
        let text = try Fixtures.text("keys-all")
        let certificates = try AuthorityKeyCertificate.parseAll(Array(text.utf8))
        let (auth2, auth1) = (certificates[0], certificates[1])
        var forged = String(decoding: auth1.bytes, as: UTF8.self)
        forged = forged.replacingOccurrences(of: hex(auth1.fingerprint).uppercased(), with: hex(auth2.fingerprint).uppercased())
        forged = forged.replacingOccurrences(
            of: TestCertificateBuilder.pem("RSA PUBLIC KEY", auth1.identityKey.pkcs1DER),
            with: TestCertificateBuilder.pem("RSA PUBLIC KEY", auth2.identityKey.pkcs1DER)
        )
        let certificate = try AuthorityKeyCertificate(parsing: Array(forged.utf8))
        #expect(certificate.identityKey == auth2.identityKey)
        expectDirectoryError(.certificateCertificationInvalid, line: 1) {
            try certificate.verified(atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }

    @Test func identityKeyThatDoesNotMatchTheFingerprintIsRejected() throws {
        let certificates = try AuthorityKeyCertificate.parseAll(Fixtures.bytes("keys-all"))
        let forged = String(decoding: certificates[1].bytes, as: UTF8.self).replacingOccurrences(
            of: TestCertificateBuilder.pem("RSA PUBLIC KEY", certificates[1].identityKey.pkcs1DER),
            with: TestCertificateBuilder.pem("RSA PUBLIC KEY", certificates[0].identityKey.pkcs1DER)
        )
        let certificate = try AuthorityKeyCertificate(parsing: Array(forged.utf8))
        expectDirectoryError(.certificateFingerprintMismatch) {
            try certificate.verified(atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }

    @Test func oneAlteredByteBreaksTheCertification() throws {
        let text = String(decoding: try AuthorityKeyCertificate.parseAll(Fixtures.bytes("keys-all"))[0].bytes, as: UTF8.self)
        let altered = replacing("dir-address 127.0.0.1:28102", with: "dir-address 127.0.0.1:28103", in: text)
        expectDirectoryError(.certificateCertificationInvalid) {
            try AuthorityKeyCertificate(parsing: altered).verified(atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }

    @Test func realCertificateIsRejectedOutsideItsLifetime() throws {
        let certificate = try AuthorityKeyCertificate.parseAll(Fixtures.bytes("keys-all"))[0]
        let skew: Int64 = 300
        _ = try certificate.verified(atUnixTime: certificate.expires + skew, clockSkewAllowance: skew)
        expectDirectoryError(.certificateExpired) {
            try certificate.verified(atUnixTime: certificate.expires + skew + 1, clockSkewAllowance: skew)
        }
        _ = try certificate.verified(atUnixTime: certificate.published - skew, clockSkewAllowance: skew)
        expectDirectoryError(.certificateNotYetValid) {
            try certificate.verified(atUnixTime: certificate.published - skew - 1, clockSkewAllowance: skew)
        }
    }

    @Test func builtCertificateVerifies() throws {
        let builder = try TestCertificateBuilder()
        let verified = try builder.certificate().verified(atUnixTime: builder.published + 1, clockSkewAllowance: 0)
        #expect(verified.identity == (try builder.identity))
        #expect(verified.signingKey == builder.signingKey.publicKey)
    }

    @Test func crosscertByAnotherKeyIsRejected() throws {
        var builder = try TestCertificateBuilder()
        builder.crosscertKey = try RSAPrivateKey.generate(bitCount: 1024)
        expectDirectoryError(.certificateCrosscertInvalid, line: 1, keyword: "dir-key-certificate-version") {
            try builder.certificate().verified(atUnixTime: builder.published + 1, clockSkewAllowance: 0)
        }
    }

    @Test func keysShorterThan1024BitsAreRejected() throws {
        let builder = try TestCertificateBuilder(identityBits: 1024, signingBits: 768)
        expectDirectoryError(.certificateKeyTooShort) {
            try builder.certificate().verified(atUnixTime: builder.published + 1, clockSkewAllowance: 0)
        }
    }
}
