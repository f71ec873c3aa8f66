import NIOCore
import Testing
@testable import TorCore

/// Known answers from NIST SP 800-38A appendix F.5.1 (CTR-AES128.Encrypt) and F.5.5
/// (CTR-AES256.Encrypt): four blocks under the initial counter f0f1...feff.
@Suite("AES-CTR")
struct AESCTRTests {
    static let initialCounter = CryptoTestHex.bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
    static let plaintext = CryptoTestHex.bytes("""
        6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710
        """)
    static let key128 = CryptoTestHex.bytes("2b7e151628aed2a6abf7158809cf4f3c")
    static let ciphertext128 = CryptoTestHex.bytes("""
        874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff\
        5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee
        """)
    static let key256 = CryptoTestHex.bytes(
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    static let ciphertext256 = CryptoTestHex.bytes("""
        601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5\
        2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6
        """)

    @Test(arguments: [(key128, ciphertext128), (key256, ciphertext256)])
    func encryptsNISTVectorInOneCall(key: [UInt8], ciphertext: [UInt8]) throws {
        let cipher = try AESCTR(key: key, iv: Self.initialCounter)
        var buffer = Self.plaintext
        cipher.apply(&buffer)
        #expect(buffer == ciphertext)
    }

    @Test(arguments: [(key128, ciphertext128), (key256, ciphertext256)])
    func keystreamContinuesAcrossOddSplits(key: [UInt8], ciphertext: [UInt8]) throws {
        let cipher = try AESCTR(key: key, iv: Self.initialCounter)
        var output: [UInt8] = []
        // Splits that cut blocks in the middle: 1 | 6 | 16 | 22 | 19 = 64 bytes.
        var start = 0
        for length in [1, 6, 16, 22, 19] {
            var piece = Array(Self.plaintext[start..<(start + length)])
            if length == 16 {
                piece.withUnsafeMutableBytes { cipher.apply($0) }
            } else {
                cipher.apply(&piece)
            }
            output += piece
            start += length
        }
        #expect(output == ciphertext)
    }

    @Test(arguments: [(key128, ciphertext128), (key256, ciphertext256)])
    func outOfPlaceMatchesNISTVectorAndLeavesInputAlone(key: [UInt8], ciphertext: [UInt8]) throws {
        let cipher = try AESCTR(key: key, iv: Self.initialCounter)
        let input = Self.plaintext
        var output = [UInt8](repeating: 0xEE, count: input.count + 3)
        // Splits that cut blocks in the middle, so the keystream must continue across calls.
        var start = 0
        for length in [5, 27, 32] {
            input.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    cipher.apply(
                        from: UnsafeRawBufferPointer(rebasing: source[start..<(start + length)]),
                        into: UnsafeMutableRawBufferPointer(rebasing: target[start...]))
                }
            }
            start += length
        }
        #expect(Array(output.prefix(input.count)) == ciphertext)
        #expect(Array(output.suffix(3)) == [0xEE, 0xEE, 0xEE], "nothing written past the input's length")
        #expect(input == Self.plaintext)
    }

    @Test func decryptionIsTheSameOperation() throws {
        let cipher = try AESCTR(key: Self.key128, iv: Self.initialCounter)
        var buffer = ByteBuffer(bytes: Self.ciphertext128)
        cipher.apply(&buffer)
        #expect(buffer.readableBytesView.elementsEqual(Self.plaintext))
    }

    @Test func defaultIVIsAllZero() throws {
        var withDefault = [UInt8](repeating: 0, count: 37)
        var withExplicit = withDefault
        try AESCTR(key: Self.key128).apply(&withDefault)
        try AESCTR(key: Self.key128, iv: [UInt8](repeating: 0, count: 16)).apply(&withExplicit)
        #expect(withDefault == withExplicit)
        // Keystream block 0 under the zero counter is AES-128(key, 0^128); value from
        // python3 `cryptography` (Cipher(AES(key), ECB()).encryptor().update(bytes(16))).
        #expect(Array(withDefault.prefix(16)) == CryptoTestHex.bytes("7df76b0c1ab899b33e42f047b91b546f"))
    }

    @Test func emptyApplyIsHarmless() throws {
        let cipher = try AESCTR(key: Self.key128, iv: Self.initialCounter)
        var empty: [UInt8] = []
        cipher.apply(&empty)
        var buffer = Self.plaintext
        cipher.apply(&buffer)
        #expect(buffer == Self.ciphertext128)
    }

    @Test(arguments: [0, 15, 17, 24, 31, 33])
    func rejectsKeyOfWrongLength(length: Int) {
        #expect { try AESCTR(key: [UInt8](repeating: 7, count: length)) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoKeyLength
        }
    }

    @Test(arguments: [0, 12, 15, 17])
    func rejectsIVOfWrongLength(length: Int) {
        #expect { try AESCTR(key: Self.key128, iv: [UInt8](repeating: 0, count: length)) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoKeyLength
        }
    }
}
