import Testing
import TorCore
@testable import Circuit

/// ntor (tor-spec 5.1.4) against values an independent implementation computed.
///
/// tor-spec publishes no ntor v1 vector, so Vectors/make_circuit_vectors.py plays the relay
/// with Python's `cryptography` package (X25519, HMAC-SHA256, HKDF-SHA256) for the fixed
/// secret keys below; the hex here is its output.
@Suite struct NtorClientHandshakeTests {
    static let x = [UInt8](hex: "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
    static let relayOnionKey = [UInt8](hex: "64b101b1d0be5a8704bd078f9895001fc03e8e9f9522f188dd128d9846d48466")
    static let relayIdentity = [UInt8](hex: "c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4")
    static let onionSkin = [UInt8](hex: """
        c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d464b101b1d0be5a8704bd078f9895001fc03e8e9f9522f188dd128d9846d4846607\
        a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c
        """)
    static let serverReply = [UInt8](hex: """
        883186b800b41d5cf0429695da9b3cc4f328ebcd184a6e482fa578c103f06c77\
        ba928331b967dfe230dc8f48c964f04ae190f4a874102ccb241df5ecada6076e
        """)

    func makeHandshake() throws -> NtorClientHandshake {
        try NtorClientHandshake(
            relayIdentity: Self.relayIdentity, relayOnionKey: Self.relayOnionKey,
            ephemeral: X25519PrivateKey(rawRepresentation: Self.x))
    }

    @Test func onionSkinIsIdentityOnionKeyAndEphemeralKey() throws {
        let handshake = try makeHandshake()
        #expect(handshake.onionSkin == Self.onionSkin)
        #expect(handshake.onionSkin.count == NtorClientHandshake.onionSkinLength)
    }

    @Test func completeDerivesThePythonKeys() throws {
        let keys = try makeHandshake().complete(serverReply: Self.serverReply)
        #expect(keys.forwardDigestSeed.bytes == [UInt8](hex: "d880f40bd82c69f27e78ceec266b3640e4798a4a"))
        #expect(keys.backwardDigestSeed.bytes == [UInt8](hex: "ddcdc186225cca5eca707de80d5c18e996239fcf"))
        #expect(keys.forwardKey.bytes == [UInt8](hex: "6190d748a0503b7fede657a3c109c47b"))
        #expect(keys.backwardKey.bytes == [UInt8](hex: "bb788c54b87de0439cff34de57785a73"))
        #expect(keys.keyHash.bytes == [UInt8](hex: "b9b9474c171750bf1ad038d29f3702f73a59401d"))
    }

    @Test(arguments: [32, 40, 63])
    func alteredAuthIsRejected(byteIndex: Int) throws {
        var reply = Self.serverReply
        reply[byteIndex] ^= 0x01
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: reply)
        }
        #expect(error.code == .handshakeAuthMismatch)
        #expect(error.kind == .protocolViolation)
    }

    @Test func alteredServerKeyFailsAuthentication() throws {
        var reply = Self.serverReply
        reply[5] ^= 0x80
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: reply)
        }
        #expect(error.code == .handshakeAuthMismatch)
    }

    @Test func lowOrderServerKeyIsRejected() throws {
        // Y = 0 is a small-order point: EXP(Y, x) is all zeros (tor-spec 5.1.4 NOTE).
        let reply = [UInt8](repeating: 0, count: 32) + Array(Self.serverReply[32...])
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: reply)
        }
        #expect(error.code == .handshakeDegenerateKey)
        #expect(error.kind == .protocolViolation)
    }

    @Test(arguments: [0, 63, 65, 128])
    func replyOfWrongLengthIsRejected(length: Int) throws {
        let reply = Array((Self.serverReply + Self.serverReply).prefix(length))
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: reply)
        }
        #expect(error.code == .handshakeReplyLength)
    }

    @Test func wrongIdentityLengthIsBadInput() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorClientHandshake(relayIdentity: [UInt8](repeating: 1, count: 32), relayOnionKey: Self.relayOnionKey)
        }
        #expect(error.code == .handshakeBadInput)
        #expect(error.kind == .badInput)
    }

    @Test func wrongOnionKeyLengthIsBadInput() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorClientHandshake(relayIdentity: Self.relayIdentity, relayOnionKey: [UInt8](repeating: 1, count: 31))
        }
        #expect(error.code == .handshakeBadInput)
    }

    @Test func freshHandshakesUseFreshEphemeralKeys() throws {
        let first = try NtorClientHandshake(relayIdentity: Self.relayIdentity, relayOnionKey: Self.relayOnionKey)
        let second = try NtorClientHandshake(relayIdentity: Self.relayIdentity, relayOnionKey: Self.relayOnionKey)
        #expect(first.onionSkin.prefix(52) == second.onionSkin.prefix(52))
        #expect(first.onionSkin.suffix(32) != second.onionSkin.suffix(32))
    }
}
