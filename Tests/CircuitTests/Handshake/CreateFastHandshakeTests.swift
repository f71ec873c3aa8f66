import Testing
import TorCore
@testable import Circuit

/// CREATE_FAST with KDF-TOR (tor-spec 5.1.5, 5.2.1) against values Python's hashlib computed
/// (Vectors/make_circuit_vectors.py): the spec publishes no vector.
@Suite struct CreateFastHandshakeTests {
    static let x = [UInt8](hex: "101112131415161718191a1b1c1d1e1f20212223")
    static let y = [UInt8](hex: "303132333435363738393a3b3c3d3e3f40414243")
    static let keyHash = [UInt8](hex: "7369c6e3dd0f099b914c7fd32a140aa7f6ee54e0")

    @Test func completeDerivesThePythonKeys() throws {
        let handshake = try CreateFastHandshake(keyMaterial: Self.x)
        #expect(handshake.keyMaterial == Self.x)
        let keys = try handshake.complete(serverKeyMaterial: Self.y, derivativeKeyData: Self.keyHash)
        #expect(keys.keyHash.bytes == Self.keyHash)
        #expect(keys.forwardDigestSeed.bytes == [UInt8](hex: "845f8c80106cce1c3a50ac6041fae8af68ab0b42"))
        #expect(keys.backwardDigestSeed.bytes == [UInt8](hex: "52b80ec202a750a78851345010269724e82eaeda"))
        #expect(keys.forwardKey.bytes == [UInt8](hex: "b2992b749653b9f759e586a64168f754"))
        #expect(keys.backwardKey.bytes == [UInt8](hex: "2c6afa77e92418949dc297e70afbd08d"))
    }

    @Test func decodedCreatedFastCompletesTheSameWay() throws {
        let handshake = try CreateFastHandshake(keyMaterial: Self.x)
        #expect(handshake.message.keyMaterial == Self.x)
        let keys = try handshake.complete(CreatedFastMessage(keyMaterial: Self.y, derivativeKeyData: Self.keyHash))
        #expect(keys.forwardKey.bytes == [UInt8](hex: "b2992b749653b9f759e586a64168f754"))
    }

    @Test func wrongKeyHashIsRejected() throws {
        var keyHash = Self.keyHash
        keyHash[19] ^= 0x01
        let error = try #require(throws: CircuitError.self) {
            try CreateFastHandshake(keyMaterial: Self.x).complete(serverKeyMaterial: Self.y, derivativeKeyData: keyHash)
        }
        #expect(error.code == .handshakeAuthMismatch)
        #expect(error.kind == .protocolViolation)
    }

    @Test func shortServerMaterialIsRejected() throws {
        let error = try #require(throws: CircuitError.self) {
            try CreateFastHandshake(keyMaterial: Self.x)
                .complete(serverKeyMaterial: Array(Self.y.prefix(19)), derivativeKeyData: Self.keyHash)
        }
        #expect(error.code == .handshakeReplyLength)
    }

    @Test func shortKeyHashIsRejected() throws {
        let error = try #require(throws: CircuitError.self) {
            try CreateFastHandshake(keyMaterial: Self.x)
                .complete(serverKeyMaterial: Self.y, derivativeKeyData: Array(Self.keyHash.prefix(10)))
        }
        #expect(error.code == .handshakeReplyLength)
    }

    @Test func wrongClientMaterialLengthIsBadInput() throws {
        let error = try #require(throws: CircuitError.self) {
            try CreateFastHandshake(keyMaterial: [1, 2, 3])
        }
        #expect(error.code == .handshakeBadInput)
    }

    @Test func randomMaterialIsTwentyFreshBytes() {
        let first = CreateFastHandshake().keyMaterial
        let second = CreateFastHandshake().keyMaterial
        #expect(first.count == 20)
        #expect(first != second)
    }
}
