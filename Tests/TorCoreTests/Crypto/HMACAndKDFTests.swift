import Testing
@testable import TorCore

@Suite("HMAC, HKDF, KDF-TOR")
struct HMACAndKDFTests {
    // RFC 4231 section 4: HMAC-SHA256 test cases 1, 2, 4, 6 and 7.
    @Test func hmacSHA256RFC4231() {
        let largeKey = [UInt8](repeating: 0xAA, count: 131)
        let cases: [(key: [UInt8], message: [UInt8], mac: String)] = [
            ([UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (Array(1...25), [UInt8](repeating: 0xCD, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            (largeKey, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (largeKey, Array(("This is a test using a larger than block-size key and a larger than "
                + "block-size data. The key needs to be hashed before being used by the HMAC "
                + "algorithm.").utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (key, message, mac) in cases {
            #expect(HMAC.sha256(key: key, message: message) == CryptoTestHex.bytes(mac))
        }
    }

    @Test func hmacAcceptsEmptyKeyAndMessage() {
        // Value from python3: hmac.new(b"", b"", hashlib.sha256).hexdigest().
        #expect(HMAC.sha256(key: [], message: []) == CryptoTestHex.bytes(
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }

    // RFC 5869 appendix A: test cases 1-3 (HKDF-SHA256).
    @Test func hkdfRFC5869() {
        #expect(HKDF.sha256(
            inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22), salt: Array(0x00...0x0C),
            info: Array(0xF0...0xF9), outputLength: 42
        ) == CryptoTestHex.bytes(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
        #expect(HKDF.sha256(
            inputKeyMaterial: Array(0x00...0x4F), salt: Array(0x60...0xAF),
            info: Array(0xB0...0xFF), outputLength: 82
        ) == CryptoTestHex.bytes("""
            b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c\
            59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71\
            cc30c58179ec3e87c14c01d5c1f3434f1d87
            """))
        #expect(HKDF.sha256(
            inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22), salt: [], info: [], outputLength: 42
        ) == CryptoTestHex.bytes(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
    }

    @Test func hkdfRFC5869IntermediatePseudorandomKey() {
        // RFC 5869 A.1 lists PRK as well; checking it pins the extract step on its own.
        #expect(HKDF.extract(salt: Array(0x00...0x0C), inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22))
            == CryptoTestHex.bytes("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"))
    }

    @Test func hkdfShorterOutputIsAPrefix() {
        let long = HKDF.sha256(inputKeyMaterial: [1, 2, 3], salt: [4], info: [5], outputLength: 72)
        let short = HKDF.sha256(inputKeyMaterial: [1, 2, 3], salt: [4], info: [5], outputLength: 33)
        #expect(Array(long.prefix(33)) == short)
        #expect(HKDF.sha256(inputKeyMaterial: [1], salt: [], info: [], outputLength: 0).isEmpty)
    }

    // KDF-TOR (tor-spec 5.2.1) has no published vector. The expected values below were computed
    // independently with python3's hashlib:
    //   def kdftor(k0, n):
    //       out, i = b"", 0
    //       while len(out) < n: out += hashlib.sha1(k0 + bytes([i])).digest(); i += 1
    //       return out[:n]
    @Test func kdfTorMatchesIndependentComputation() {
        #expect(KDFTor.derive(secret: [], outputLength: 20)
            == CryptoTestHex.bytes("5ba93c9db0cff93f52b521d7420e43f6eda2784f"))
        // 92 bytes = KH, Df, Db, Kf, Kb for CREATE_FAST (tor-spec 5.1.1): spans five blocks.
        #expect(KDFTor.derive(secret: Array(0..<20), outputLength: 92) == CryptoTestHex.bytes("""
            bedc3d3c3eee43913b166360663b9fe36760a86a6813db0db59a2676dd509f84\
            96eac6e4be7e1809cb0a275a27ee7a535ebacbdeaa7ad3a9e117f6239e56b0ce\
            2fb3c646c50d44c1b8311d31870b78112ec1a9745fa77020a477deb1
            """))
        #expect(KDFTor.derive(secret: Array("Tor KDF-TOR test secret".utf8), outputLength: 100)
            == CryptoTestHex.bytes("""
            1c96248d61e9472510bad9b7deac7b283b41ceafa0f61d95e77212cb66fefc4f\
            03d1cf82ee9fce050fc19348ec4f0792fb122bb9ff852926dff1b7e4630fb7bd\
            de3ed2a6d395aa3043b7c461c7c85cc012e5f1db22e959263687722b1f54af15\
            d34abcd0
            """))
    }

    @Test func kdfTorLastBlockUsesCounter255() {
        let full = KDFTor.derive(secret: Array("x".utf8), outputLength: KDFTor.maximumOutputLength)
        #expect(full.count == 5120)
        // From the same python3 function: the 256th block, SHA1("x" | ff).
        #expect(Array(full.suffix(20)) == CryptoTestHex.bytes("62d0dcbb48191a184d1402f52ff7ae9e4f202f5b"))
    }
}
