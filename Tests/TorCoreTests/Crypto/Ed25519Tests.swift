import Testing
@testable import TorCore

/// Known answers from RFC 8032 section 7.1, TEST 1, TEST 2 and TEST 3.
@Suite("Ed25519")
struct Ed25519Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let seed: String
        let publicKey: String
        let message: String
        let signature: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "RFC 8032 TEST 1",
            seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            message: "",
            signature: """
                e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
                5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
                """),
        Vector(
            name: "RFC 8032 TEST 2",
            seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            message: "72",
            signature: """
                92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00
                """),
        Vector(
            name: "RFC 8032 TEST 3",
            seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            message: "af82",
            signature: """
                6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac\
                18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a
                """),
    ]

    @Test(arguments: vectors)
    func signsAndDerivesPublicKey(vector: Vector) throws {
        let key = try Ed25519PrivateKey(seed: CryptoTestHex.bytes(vector.seed))
        #expect(key.publicKey == CryptoTestHex.bytes(vector.publicKey))
        #expect(key.sign(CryptoTestHex.bytes(vector.message)) == CryptoTestHex.bytes(vector.signature))
    }

    @Test(arguments: vectors)
    func verifiesPublishedSignature(vector: Vector) {
        #expect(Ed25519.verify(
            signature: CryptoTestHex.bytes(vector.signature),
            message: CryptoTestHex.bytes(vector.message),
            publicKey: CryptoTestHex.bytes(vector.publicKey)))
    }

    @Test(arguments: vectors)
    func rejectsTamperedMessage(vector: Vector) {
        var message = CryptoTestHex.bytes(vector.message)
        if message.isEmpty { message = [0] } else { message[0] ^= 0x01 }
        #expect(!Ed25519.verify(
            signature: CryptoTestHex.bytes(vector.signature),
            message: message,
            publicKey: CryptoTestHex.bytes(vector.publicKey)))
    }

    @Test func rejectsFlippedSignatureBitAndWrongKey() {
        let vector = Self.vectors[1]
        var signature = CryptoTestHex.bytes(vector.signature)
        signature[40] ^= 0x80
        #expect(!Ed25519.verify(
            signature: signature, message: [0x72], publicKey: CryptoTestHex.bytes(vector.publicKey)))
        #expect(!Ed25519.verify(
            signature: CryptoTestHex.bytes(vector.signature), message: [0x72],
            publicKey: CryptoTestHex.bytes(Self.vectors[2].publicKey)))
    }

    @Test func wrongLengthsAreInvalidNotFatal() {
        let vector = Self.vectors[1]
        let signature = CryptoTestHex.bytes(vector.signature)
        let publicKey = CryptoTestHex.bytes(vector.publicKey)
        #expect(!Ed25519.verify(signature: Array(signature.dropLast()), message: [0x72], publicKey: publicKey))
        #expect(!Ed25519.verify(signature: signature + [0], message: [0x72], publicKey: publicKey))
        #expect(!Ed25519.verify(signature: signature, message: [0x72], publicKey: Array(publicKey.dropLast())))
        #expect(!Ed25519.verify(signature: [], message: [0x72], publicKey: []))
    }

    @Test func rejectsSeedOfWrongLength() {
        #expect { try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 31)) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoKeyLength
        }
    }

    @Test func generatedKeysSignVerifiablyAndDiffer() {
        let first = Ed25519PrivateKey.generate()
        let second = Ed25519PrivateKey.generate()
        #expect(first.publicKey != second.publicKey)
        let message = Array("Tor Ed25519 certificate body".utf8)
        #expect(Ed25519.verify(signature: first.sign(message), message: message, publicKey: first.publicKey))
        #expect(!Ed25519.verify(signature: first.sign(message), message: message, publicKey: second.publicKey))
    }
}
