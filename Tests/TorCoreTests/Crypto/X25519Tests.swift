import Testing
@testable import TorCore

@Suite("X25519")
struct X25519Tests {
    // RFC 7748 section 5.2: the two single-multiplication test vectors (scalar, u, output).
    @Test(arguments: [
        ("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
         "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
         "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
        ("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
         "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
         "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
    ])
    func rfc7748ScalarMultiplication(scalar: String, u: String, output: String) throws {
        let key = try X25519PrivateKey(rawRepresentation: CryptoTestHex.bytes(scalar))
        let shared = try key.sharedSecret(with: CryptoTestHex.bytes(u))
        #expect(shared.bytes == CryptoTestHex.bytes(output))
    }

    // RFC 7748 section 5.2: k = u = 9, then k, u = X25519(k, u), k; results after 1 and 1000 rounds.
    @Test func rfc7748IteratedMultiplication() throws {
        var k: [UInt8] = [9] + [UInt8](repeating: 0, count: 31)
        var u = k
        for round in 1...1000 {
            let next = try X25519PrivateKey(rawRepresentation: k).sharedSecret(with: u).bytes
            u = k
            k = next
            if round == 1 {
                #expect(k == CryptoTestHex.bytes("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"))
            }
        }
        #expect(k == CryptoTestHex.bytes("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"))
    }

    // RFC 7748 section 6.1: Alice and Bob's key pairs and their shared secret.
    @Test func rfc7748DiffieHellman() throws {
        let alice = try X25519PrivateKey(rawRepresentation: CryptoTestHex.bytes(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bob = try X25519PrivateKey(rawRepresentation: CryptoTestHex.bytes(
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        #expect(alice.publicKey == CryptoTestHex.bytes(
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))
        #expect(bob.publicKey == CryptoTestHex.bytes(
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        let expected = CryptoTestHex.bytes("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        #expect(try alice.sharedSecret(with: bob.publicKey).bytes == expected)
        #expect(try bob.sharedSecret(with: alice.publicKey).bytes == expected)
    }

    @Test func generatedKeysAgree() throws {
        let first = X25519PrivateKey.generate()
        let second = X25519PrivateKey.generate()
        #expect(first.publicKey != second.publicKey)
        let one = try first.sharedSecret(with: second.publicKey)
        let other = try second.sharedSecret(with: first.publicKey)
        #expect(one.constantTimeEquals(other))
    }

    // Low-order points: u = 0 and u = 1 (both in RFC 7748 section 6.1's "check for all-zero"
    // discussion and libsodium's blacklist) must be refused, as tor-spec 5.1.4 requires.
    @Test(arguments: [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    ])
    func rejectsLowOrderPeerPoint(point: String) {
        let key = X25519PrivateKey.generate()
        #expect { try key.sharedSecret(with: CryptoTestHex.bytes(point)) } throws: { error in
            let error = error as? TorCoreError
            return error?.code == .cryptoLowOrderPoint && error?.kind == .protocolViolation
        }
    }

    @Test func rejectsWrongLengths() {
        #expect { try X25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoKeyLength
        }
        let key = X25519PrivateKey.generate()
        #expect { try key.sharedSecret(with: [UInt8](repeating: 9, count: 33)) } throws: { error in
            (error as? TorCoreError)?.code == .cryptoKeyLength
        }
    }
}
