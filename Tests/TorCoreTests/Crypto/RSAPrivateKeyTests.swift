import Testing
@testable import TorCore

/// The signing side used by fixtures, checked against the openssl CLI's signatures of the same
/// digests with the same key (PKCS#1 v1.5 signing is deterministic, so they must match exactly).
@Suite("RSA private keys")
struct RSAPrivateKeyTests {
    /// The throwaway 1024-bit test key whose public half and CLI signatures RSAPublicKeyTests
    /// embeds (`openssl genrsa -out k.pem 1024`).
    static let privatePEM = """
        -----BEGIN PRIVATE KEY-----
        MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAM5ahjw8yt8fVj23
        8kysWZtl7y+Ric8tznCmIwnEY9olYbB36KJ057cPt8nizq1Y44cgCrfXxG3OAL8Q
        kATCDKfAmPxg80KAPypEMinS+moHRkcs/idW9nEh5uTxYXgiRFUFH4TAEise/ttD
        hdseDIPHCM4vcQyL4xpvp99lQSelAgMBAAECgYEAhg93oBDauAQy0hv8NWXPPU8H
        Cn9h6ZBXywWUQ9csC+A3TB9KqqiKlXqHq4hHP4U9JF9jtzZdbfzkrTyEZCLxdqvB
        SGA4YvnKr58BLwjgZfWefcOgonn+WfvsOb4qjlOSo27AI5Izn6D6UwtirvQfMP50
        0SeFrAJH8AVfOuq5ESECQQDsAYKWSal4TfsdxE8YZmxlCvfLA/D7FG6XMBIXTFF/
        3KUyTmrOtmWztPmwMRCELH+LKbTDE3vP6Y4IsNlGENpZAkEA39XqiyiQwCQpr72o
        7oruQmGspmehMZQ39Nqc5GLwfu/LeSixBS/eMAKjJecjDduh9BTtQJ/mS1vDVnoO
        OJw2LQJAXkx0KyyfpEw0TD6GBA/Yu77YJ6wZe5k8Xvh8IgcCgX5eG22ty46hsF5d
        bgMMwGMvSyGM8m00iWyereZLym0tcQJBAKtfHDNu22RAS6pBixUXSVOJdKXysXdE
        A5NzzKsPFRIaha49eUp/W51mZ4KddDkn7tbxLrRLuAX6O5P53ul4sAECQGjqa703
        GmmKub96qt+DQn47hDKJm7I1YWFA1IWIE6m9B2KLaCQTlV5EmawIhqybUpmk0i32
        lxW+NnJmAct2Yw0=
        -----END PRIVATE KEY-----
        """

    @Test func torSignaturesEqualTheCLIsByteForByte() throws {
        let key = try RSAPrivateKey(pem: Self.privatePEM)
        #expect(key.publicKey == (try RSAPublicKeyTests.key()))
        let message = RSAPublicKeyTests.message
        #expect(try key.torSignature(digest: Digest.sha1(message)) == RSAPublicKeyTests.torSignatureSHA1)
        #expect(try key.torSignature(digest: Digest.sha256(message)) == RSAPublicKeyTests.torSignatureSHA256)
    }

    @Test func generatedKeySignsWhatItsPublicKeyVerifies() throws {
        let key = try RSAPrivateKey.generate(bitCount: 1024)
        #expect(key.publicKey.bitCount == 1024)
        let digest = Digest.sha1(Array("generated".utf8))
        let signature = try key.torSignature(digest: digest)
        #expect(key.publicKey.verifyTorSignature(signature, digest: digest))
        #expect(!(try RSAPublicKeyTests.key()).verifyTorSignature(signature, digest: digest))
    }

    @Test func payloadTooLongForTheKeyIsAnError() throws {
        let key = try RSAPrivateKey(pem: Self.privatePEM)
        // PKCS#1 v1.5 needs 11 bytes of padding: 118 bytes is the most a 128-byte key can sign.
        #expect(try key.torSignature(digest: [UInt8](repeating: 1, count: 117)).count == 128)
        #expect { try key.torSignature(digest: [UInt8](repeating: 1, count: 119)) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoLibraryFailure
        }
    }

    @Test func rejectsTextThatIsNotAPrivateKey() {
        #expect { try RSAPrivateKey(pem: RSAPublicKeyTests.pkcs1PEM) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoMalformedPEM
        }
    }
}
