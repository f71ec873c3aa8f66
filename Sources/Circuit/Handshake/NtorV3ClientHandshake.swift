import TorCore

/// The client side of the ntor v3 handshake (proposal 332), CREATE2/EXTEND2 handshake type 3.
///
/// Unlike ntor, the client sends an encrypted, authenticated message CM inside its handshake
/// (not forward secret) and the relay answers with an encrypted message SM (forward secret);
/// both are lists of ``NtorV3Extension``s when used for circuit extension (proposal 332 A.2).
/// Create one per hop with the relay's Ed25519 identity and ntor onion key, send
/// ``onionSkin``, then call ``complete(serverReply:)`` with the CREATED2/EXTENDED2 data.
public struct NtorV3ClientHandshake: Sendable {
    /// The HTYPE to put in CREATE2/EXTEND2 beside ``onionSkin`` (tor-spec 5.1, proposal 332).
    public static let handshakeType = HandshakeType.ntorV3
    /// ID_LEN: the relay's Ed25519 identity key (proposal 332 A.1).
    public static let identityLength = 32
    /// PUB_KEY_LEN: a curve25519 public key (proposal 332 A.1).
    public static let publicKeyLength = 32
    /// MAC_LEN and DIGEST_LEN: the length of the client MAC and the relay's AUTH (A.1).
    public static let macLength = 32
    /// ENC_KEY_LEN: AES-256 keys for the handshake messages (A.1).
    static let encryptionKeyLength = 32
    /// VER for circuit extension: tor 0.4.9 relays fail any other with a DESTROY (reason
    /// PROTOCOL); the 2023 text of proposal 332 does not name it. Checked against real relays by
    /// Tests/CircuitTests/Vectors/check_model_against_tor.py.
    public static let circuitExtensionVerification = Array("circuit extend".utf8)

    /// What a completed handshake yields: the hop's keys and the relay's decrypted message SM.
    public struct Completion: Sendable {
        /// The hop's relay-crypto keys, taken from KEYSTREAM in the order Df Db Kf Kb KH (A.2).
        public let keys: CircuitKeys
        /// SM: the relay's message, normally an encoded list of ``NtorV3Extension``s.
        public let serverMessage: [UInt8]
    }

    private let relayIdentity: [UInt8]
    private let relayOnionKey: [UInt8]
    private let verification: [UInt8]
    private let ephemeral: X25519PrivateKey
    private let ephemeralPublic: [UInt8]
    /// Bx = EXP(B, x), needed again in phase 2.
    private let onionKeySecret: SecretBytes
    private let clientMAC: [UInt8]

    /// The client handshake: ID | B | X | encrypted CM | MAC (proposal 332, client phase 1).
    public let onionSkin: [UInt8]

    /// Runs client phase 1 for the relay with Ed25519 identity `relayIdentity` and
    /// `ntor-onion-key` `relayOnionKey`, encrypting `message` (CM) to it.
    ///
    /// - Parameters:
    ///   - message: CM, normally ``NtorV3Extension/encode(_:)`` of the requested extensions
    ///     (`[0]` for none: relays refuse an empty CM).
    ///   - verification: VER, a string both sides must agree on; the default is the one relays
    ///     use for CREATE2/EXTEND2.
    ///   - ephemeral: the client's x; tests pass a fixed one, everything else the default.
    /// - Throws: ``CircuitError`` `handshake.badInput` for a key of the wrong length,
    ///   `handshake.degenerateKey` if B is not a usable curve25519 key.
    public init(
        relayIdentity: [UInt8], relayOnionKey: [UInt8], message: [UInt8],
        verification: [UInt8] = circuitExtensionVerification,
        ephemeral: X25519PrivateKey = .generate()
    ) throws {
        try CircuitError.requireLength(relayIdentity, Self.identityLength, "the relay's Ed25519 identity")
        try CircuitError.requireLength(relayOnionKey, Self.publicKeyLength, "the relay's ntor onion key")
        self.relayIdentity = relayIdentity
        self.relayOnionKey = relayOnionKey
        self.verification = verification
        self.ephemeral = ephemeral
        let ephemeralPublic = ephemeral.publicKey
        self.ephemeralPublic = ephemeralPublic

        var onionKeySecret = try NtorClientHandshake.sharedSecret(
            ephemeral, relayOnionKey, "the relay's ntor onion key B")
        defer { wipe(&onionKeySecret) }
        self.onionKeySecret = SecretBytes(onionKeySecret)

        var phase1Input = onionKeySecret + relayIdentity + ephemeralPublic + relayOnionKey
            + NtorV3Primitives.protocolID + NtorV3Primitives.encapsulate(verification)
        defer { wipe(&phase1Input) }
        var phase1Keys = NtorV3Primitives.kdf(
            phase1Input, tweak: NtorV3Primitives.messageKDFTweak,
            outputLength: Self.encryptionKeyLength + Self.macLength)
        defer { wipe(&phase1Keys) }
        var encrypted = message
        try NtorV3Primitives.encrypt(&encrypted, key: Array(phase1Keys[0..<Self.encryptionKeyLength]))
        let macKey = Array(phase1Keys[Self.encryptionKeyLength...])
        let prefix = relayIdentity + relayOnionKey + ephemeralPublic + encrypted
        let clientMAC = NtorV3Primitives.mac(key: macKey, message: prefix, tweak: NtorV3Primitives.messageMACTweak)
        self.clientMAC = clientMAC
        self.onionSkin = prefix + clientMAC
    }

    /// Checks the relay's reply Y | AUTH | encrypted SM, then derives the keys and decrypts SM
    /// (proposal 332, client phase 2).
    ///
    /// - Throws: ``CircuitError`` with kind `.protocolViolation`: `handshake.replyLength` when
    ///   the reply is shorter than Y | AUTH, `handshake.degenerateKey` for a bad Y,
    ///   `handshake.authMismatch` when AUTH is wrong.
    public func complete(serverReply: [UInt8]) throws -> Completion {
        let headerLength = Self.publicKeyLength + Self.macLength
        guard serverReply.count >= headerLength else {
            throw CircuitError(
                .handshakeReplyLength, kind: .protocolViolation,
                "the relay's ntor v3 reply is \(serverReply.count) bytes, shorter than the "
                    + "\(headerLength) of Y and AUTH; the circuit cannot be built through this relay")
        }
        let serverPublic = Array(serverReply[0..<Self.publicKeyLength])
        let auth = Array(serverReply[Self.publicKeyLength..<headerLength])
        let encryptedMessage = Array(serverReply[headerLength...])

        var secretInput = try NtorClientHandshake.sharedSecret(
            ephemeral, serverPublic, "the relay's ephemeral key Y")
        secretInput += onionKeySecret.bytes + relayIdentity + relayOnionKey + ephemeralPublic
            + serverPublic + NtorV3Primitives.protocolID + NtorV3Primitives.encapsulate(verification)
        defer { wipe(&secretInput) }
        var keySeed = NtorV3Primitives.hash(secretInput, tweak: NtorV3Primitives.keySeedTweak)
        defer { wipe(&keySeed) }
        var verify = NtorV3Primitives.hash(secretInput, tweak: NtorV3Primitives.verifyTweak)
        defer { wipe(&verify) }

        let authInput = verify + relayIdentity + relayOnionKey + serverPublic + ephemeralPublic
            + clientMAC + NtorV3Primitives.encapsulate(encryptedMessage)
            + NtorV3Primitives.protocolID + Array("Server".utf8)
        let expectedAuth = NtorV3Primitives.hash(authInput, tweak: NtorV3Primitives.authTweak)
        guard ConstantTime.equals(expectedAuth, auth) else {
            throw CircuitError(
                .handshakeAuthMismatch, kind: .protocolViolation,
                "the relay's ntor v3 AUTH does not match: it does not hold the onion key in its "
                    + "descriptor; the circuit was abandoned, try another relay")
        }

        var keystream = NtorV3Primitives.kdf(
            keySeed, tweak: NtorV3Primitives.finalKDFTweak,
            outputLength: Self.encryptionKeyLength + CircuitKeys.materialLength)
        defer { wipe(&keystream) }
        var serverMessage = encryptedMessage
        try NtorV3Primitives.encrypt(&serverMessage, key: Array(keystream[0..<Self.encryptionKeyLength]))
        let keys = CircuitKeys(rfc5869Material: Array(keystream[Self.encryptionKeyLength...]))
        return Completion(keys: keys, serverMessage: serverMessage)
    }
}
