import Testing
@testable import TorCore

/// Checks the RSA wrapper against an independent implementation: the `openssl` command-line tool.
///
/// How the fixtures were made (OpenSSL 3.0 CLI, once; the test key exists only for these tests):
///   openssl genrsa -out k.pem 1024
///   openssl rsa -in k.pem -RSAPublicKey_out            -> pkcs1PEM
///   openssl rsa -in k.pem -pubout                      -> subjectPublicKeyInfoPEM
///   openssl rsa -in k.pem -RSAPublicKey_out -outform DER | sha1sum   -> fingerprint
///   printf 'Tor test message for RSA' > msg.txt
///   openssl dgst -sha1 -binary msg.txt > d1.bin; openssl dgst -sha256 -binary msg.txt > d256.bin
///   openssl pkeyutl -sign -inkey k.pem -pkeyopt rsa_padding_mode:pkcs1 -in d1.bin   -> torSignatureSHA1
///   openssl pkeyutl -sign -inkey k.pem -pkeyopt rsa_padding_mode:pkcs1 -in d256.bin -> torSignatureSHA256
///   openssl dgst -sha256 -sign k.pem msg.txt           -> standardSignatureSHA256 (with DigestInfo)
@Suite("RSA public keys")
struct RSAPublicKeyTests {
    static let pkcs1PEM = """
        -----BEGIN RSA PUBLIC KEY-----
        MIGJAoGBAM5ahjw8yt8fVj238kysWZtl7y+Ric8tznCmIwnEY9olYbB36KJ057cP
        t8nizq1Y44cgCrfXxG3OAL8QkATCDKfAmPxg80KAPypEMinS+moHRkcs/idW9nEh
        5uTxYXgiRFUFH4TAEise/ttDhdseDIPHCM4vcQyL4xpvp99lQSelAgMBAAE=
        -----END RSA PUBLIC KEY-----
        """
    static let subjectPublicKeyInfoPEM = """
        -----BEGIN PUBLIC KEY-----
        MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDOWoY8PMrfH1Y9t/JMrFmbZe8v
        kYnPLc5wpiMJxGPaJWGwd+iidOe3D7fJ4s6tWOOHIAq318RtzgC/EJAEwgynwJj8
        YPNCgD8qRDIp0vpqB0ZHLP4nVvZxIebk8WF4IkRVBR+EwBIrHv7bQ4XbHgyDxwjO
        L3EMi+Mab6ffZUEnpQIDAQAB
        -----END PUBLIC KEY-----
        """
    static let fingerprint = CryptoTestHex.bytes("5158ceaf38bb38b884689cc383379a5424c8394a")
    static let message = Array("Tor test message for RSA".utf8)
    static let torSignatureSHA1 = CryptoTestHex.bytes("""
        b5fb4097589741376cb44cbf78db387fb6dcb2d74f7809b510c7e2434f7808e6\
        9579e3924ac458a5dc3ec6954899e8b79f707835d29080bc394c45976a386c6d\
        266a85d29dbbb2753f2d82d78ed5a677a59c6b4269927967ab1834123744dcba\
        e72d3253840ae509c743d5d5707537fa6f760274092f433178549bd929b80196
        """)
    static let torSignatureSHA256 = CryptoTestHex.bytes("""
        a121e47cb5104d89228a4bfa05b258166da4a2458fb88bdc91c5a11a30de37f3\
        2dc1498a581820fa202bf604f61a36530d32689cd407b252030618da48a81196\
        954bc606dd6423183eb633ed44d35c0aa1b23254b30f3d421f79415e48649d39\
        42977fbfd4c172a2a593b7514a247c93ca7ecae8681b0307e6c2750ec7c8fb6c
        """)
    static let standardSignatureSHA256 = CryptoTestHex.bytes("""
        69a6331d7ac11a29ed8507b22c9680eda33d4cd09419a0e524a0d7c42de28224\
        3bc9df2b28f09406922874fe221ddcd17e1b5a96e397583eab1f1091e523d0ab\
        f93be95dc6c12f8b7d8dcaf2b94b5d8722280c58c5c68613f25b57e9d9dccb47\
        a8445d8d983a1cb0037e956ebf7181901bd7e0306f34f35e5965d4abd89e0173
        """)

    static func key() throws -> RSAPublicKey { try RSAPublicKey(pem: pkcs1PEM) }

    @Test func parsesPKCS1PEMWithFingerprintAndSize() throws {
        let key = try Self.key()
        #expect(key.bitCount == 1024)
        #expect(key.signatureLength == 128)
        #expect(key.fingerprint == Self.fingerprint)
        #expect(Digest.sha1(key.pkcs1DER) == Self.fingerprint)
    }

    @Test func subjectPublicKeyInfoPEMIsTheSameKey() throws {
        let spki = try RSAPublicKey(pem: Self.subjectPublicKeyInfoPEM)
        #expect(spki == (try Self.key()))
        #expect(spki.fingerprint == Self.fingerprint)
    }

    @Test func pkcs1DERRoundTrips() throws {
        let key = try Self.key()
        let reparsed = try RSAPublicKey(pkcs1DER: key.pkcs1DER)
        #expect(reparsed.pkcs1DER == key.pkcs1DER)
        #expect(key.pkcs1DER.first == 0x30) // an ASN.1 SEQUENCE
    }

    @Test func verifiesTorSignaturesMadeByOpenSSLCLI() throws {
        let key = try Self.key()
        #expect(key.verifyTorSignature(Self.torSignatureSHA1, digest: Digest.sha1(Self.message)))
        #expect(key.verifyTorSignature(Self.torSignatureSHA256, digest: Digest.sha256(Self.message)))
    }

    @Test func torSignatureWithFlippedBitFails() throws {
        var signature = Self.torSignatureSHA1
        signature[77] ^= 0x04
        #expect(!(try Self.key()).verifyTorSignature(signature, digest: Digest.sha1(Self.message)))
    }

    @Test func torSignatureOverWrongDigestFails() throws {
        let key = try Self.key()
        var digest = Digest.sha1(Self.message)
        digest[19] ^= 0x01
        #expect(!key.verifyTorSignature(Self.torSignatureSHA1, digest: digest))
        // The SHA-1 signature's payload is 20 bytes: a 32-byte digest cannot match it.
        #expect(!key.verifyTorSignature(Self.torSignatureSHA1, digest: Digest.sha256(Self.message)))
        // A truncated digest must not match a prefix of the payload.
        #expect(!key.verifyTorSignature(Self.torSignatureSHA1, digest: Array(Digest.sha1(Self.message).prefix(19))))
    }

    @Test func standardSignatureIsNotATorSignatureAndViceVersa() throws {
        let key = try Self.key()
        #expect(key.verifyPKCS1v15SHA256(signature: Self.standardSignatureSHA256, message: Self.message))
        // The DigestInfo wrapper makes the two schemes incompatible, which is why both exist.
        #expect(!key.verifyTorSignature(Self.standardSignatureSHA256, digest: Digest.sha256(Self.message)))
        #expect(!key.verifyPKCS1v15SHA256(signature: Self.torSignatureSHA256, message: Self.message))
        #expect(!key.verifyPKCS1v15SHA256(signature: Self.standardSignatureSHA256, message: Self.message + [0]))
    }

    @Test func garbageSignaturesAreInvalidNotFatal() throws {
        let key = try Self.key()
        let digest = Digest.sha1(Self.message)
        #expect(!key.verifyTorSignature([], digest: digest))
        #expect(!key.verifyTorSignature(Self.torSignatureSHA1 + [0], digest: digest))
        #expect(!key.verifyTorSignature([UInt8](repeating: 0xFF, count: 128), digest: digest))
        #expect(!key.verifyPKCS1v15SHA256(signature: [], message: Self.message))
    }

    @Test func rejectsMalformedDER() throws {
        let der = try Self.key().pkcs1DER
        for bad in [[], Array(der.dropLast()), der + [0], [0x30, 0x03, 0x02, 0x01, 0x05]] {
            #expect { try RSAPublicKey(pkcs1DER: bad) } throws: { error in
                (error as? TorCoreError)?.code == .cryptoMalformedRSAKey
            }
        }
    }

    @Test func rejectsPEMThatIsNotAPublicKey() {
        #expect { try RSAPublicKey(pem: "not pem at all") } throws: { error in
            (error as? TorCoreError)?.code == .cryptoMalformedPEM
        }
        let certificateLabel = Self.pkcs1PEM.replacingAll("RSA PUBLIC KEY", with: "CERTIFICATE")
        #expect { try RSAPublicKey(pem: certificateLabel) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoMalformedRSAKey
        }
    }

    @Test func rejectsCorruptedBase64Body() {
        let corrupted = Self.pkcs1PEM.replacingAll("MIGJAoGBAM5a", with: "MIGJAoGBAM5!")
        #expect { try RSAPublicKey(pem: corrupted) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoMalformedPEM
        }
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
