import Testing
import TorCore
@testable import Circuit

/// ntor v3 against the published test vectors of proposal 332 section X.2.
@Suite struct NtorV3ClientHandshakeTests {
    // Inputs (X.2).
    static let relayOnionKey = [UInt8](hex: "f8307a2bc1870b00b828bb74dbb8fd88e632a6375ab3bcd1ae706aaa8b6cdd1d")
    static let relayIdentity = [UInt8](hex: "9fad2af287ef942632833d21f946c6260c33fae6172b60006e86e4a6911753a2")
    static let x = [UInt8](hex: "b825a3719147bcbe5fb1d0b0fcb9c09e51948048e2e3283d2ab7b45b5ef38b49")
    static let clientMessage = [UInt8](hex: "68656c6c6f20776f726c64")
    static let verification = [UInt8](hex: "78797a7a79")
    static let serverMessage = [UInt8](hex: "486f6c61204d756e646f")
    // Messages (X.2).
    static let clientHandshake = [UInt8](hex: """
        9fad2af287ef942632833d21f946c6260c33fae6172b60006e86e4a6911753a2\
        f8307a2bc1870b00b828bb74dbb8fd88e632a6375ab3bcd1ae706aaa8b6cdd1d\
        252fe9ae91264c91d4ecb8501f79d0387e34ad8ca0f7c995184f7d11d5da4f46\
        3bebd9151fd3b47c180abc\
        9e044d53565f04d82bbb3bebed3d06cea65db8be9c72b68cd461942088502f67
        """)
    static let serverHandshake = [UInt8](hex: """
        4bf4814326fdab45ad5184f5518bd7fae25dc59374062698201a50a22954246d\
        2fc5f8773ca824542bc6cf6f57c7c29bbf4e5476461ab130c5b18ab0a9127665\
        1202c3e1e87c0d32054c
        """)
    // The first 92 of the published 256 KEYSTREAM bytes: Df | Db | Kf | Kb | KH (A.2).
    static let keystream = [UInt8](hex: """
        9c19b631fd94ed86a817e01f6c80b0743a43f5faebd39cfaa8b00fa8bcc65c3bfeaa403d91acbd68a821bf6e\
        e8504602b094a254392a07737d5662768c7a9fb1b2814bb34780eaee6e867c773e28c212ead563e98a1cd5d5\
        b4576f5e
        """)

    func makeHandshake() throws -> NtorV3ClientHandshake {
        try NtorV3ClientHandshake(
            relayIdentity: Self.relayIdentity, relayOnionKey: Self.relayOnionKey,
            message: Self.clientMessage, verification: Self.verification,
            ephemeral: X25519PrivateKey(rawRepresentation: Self.x))
    }

    @Test func clientHandshakeMatchesTheVector() throws {
        #expect(try makeHandshake().onionSkin == Self.clientHandshake)
    }

    @Test func primitivesMatchTheIntermediateValues() throws {
        // ENC_K1 | MAC_K1 from the published Bx-based phase 1 input, via X and B.
        let x = try X25519PrivateKey(rawRepresentation: Self.x)
        #expect(x.publicKey == [UInt8](hex: "252fe9ae91264c91d4ecb8501f79d0387e34ad8ca0f7c995184f7d11d5da4f46"))
        let bx = try x.sharedSecret(with: Self.relayOnionKey).bytes
        let input = bx + Self.relayIdentity + x.publicKey + Self.relayOnionKey
            + NtorV3Primitives.protocolID + NtorV3Primitives.encapsulate(Self.verification)
        let phase1 = NtorV3Primitives.kdf(input, tweak: NtorV3Primitives.messageKDFTweak, outputLength: 64)
        #expect(phase1 == [UInt8](hex: """
            4cd166e93f1c60a29f8fb9ec40ea0fc878930c27800594593e1c4d0f3b5fbd02\
            f5b69e85fdd26e1b0bdbbc8128e32d8123040255f11f744af3cc98fc13613cda
            """))
    }

    @Test func completeYieldsTheVectorKeysAndServerMessage() throws {
        let completion = try makeHandshake().complete(serverReply: Self.serverHandshake)
        #expect(completion.serverMessage == Self.serverMessage)
        let keys = completion.keys
        #expect(keys.forwardDigestSeed.bytes == Array(Self.keystream[0..<20]))
        #expect(keys.backwardDigestSeed.bytes == Array(Self.keystream[20..<40]))
        #expect(keys.forwardKey.bytes == Array(Self.keystream[40..<56]))
        #expect(keys.backwardKey.bytes == Array(Self.keystream[56..<72]))
        #expect(keys.keyHash.bytes == Array(Self.keystream[72..<92]))
    }

    @Test(arguments: [32, 63, 64, 73])
    func alteredReplyIsRejected(byteIndex: Int) throws {
        // AUTH covers Y, AUTH itself and the encrypted server message.
        var reply = Self.serverHandshake
        reply[byteIndex] ^= 0x04
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: reply)
        }
        #expect(error.code == .handshakeAuthMismatch)
        #expect(error.kind == .protocolViolation)
    }

    @Test func differentVerificationStringFailsAuthentication() throws {
        let handshake = try NtorV3ClientHandshake(
            relayIdentity: Self.relayIdentity, relayOnionKey: Self.relayOnionKey,
            message: Self.clientMessage, verification: [],
            ephemeral: X25519PrivateKey(rawRepresentation: Self.x))
        let error = try #require(throws: CircuitError.self) {
            try handshake.complete(serverReply: Self.serverHandshake)
        }
        #expect(error.code == .handshakeAuthMismatch)
    }

    @Test func truncatedReplyIsRejected() throws {
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: Array(Self.serverHandshake.prefix(63)))
        }
        #expect(error.code == .handshakeReplyLength)
    }

    @Test func lowOrderServerKeyIsRejected() throws {
        let reply = [UInt8](repeating: 0, count: 32) + Array(Self.serverHandshake[32...])
        let error = try #require(throws: CircuitError.self) {
            try makeHandshake().complete(serverReply: reply)
        }
        #expect(error.code == .handshakeDegenerateKey)
    }

    @Test func lowOrderOnionKeyIsRejectedUpFront() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3ClientHandshake(
                relayIdentity: Self.relayIdentity, relayOnionKey: [UInt8](repeating: 0, count: 32), message: [])
        }
        #expect(error.code == .handshakeDegenerateKey)
    }

    @Test func ntorV1LengthIdentityIsBadInput() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3ClientHandshake(
                relayIdentity: [UInt8](repeating: 7, count: 20), relayOnionKey: Self.relayOnionKey, message: [])
        }
        #expect(error.code == .handshakeBadInput)
    }
}
