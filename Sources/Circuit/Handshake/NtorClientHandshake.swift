import TorCore

/// The client side of the ntor handshake (tor-spec 5.1.4), CREATE2/EXTEND2 handshake type 2.
///
/// Create one per hop: send ``onionSkin``, then pass the relay's CREATED2/EXTENDED2 handshake
/// data to ``complete(serverReply:)``, which checks the relay's AUTH in constant time and
/// derives the hop's keys with KDF-RFC5869 (tor-spec 5.2.2). The ephemeral key never leaves
/// this value; a value is single-use, and completing it twice derives the same keys.
public struct NtorClientHandshake: Sendable {
    /// The HTYPE to put in CREATE2/EXTEND2 beside ``onionSkin`` (tor-spec 5.1).
    public static let handshakeType = HandshakeType.ntor
    /// ID_LENGTH: the relay's RSA identity digest (tor-spec 5.1.4).
    public static let identityLength = 20
    /// G_LENGTH: a curve25519 public key (tor-spec 5.1.4).
    public static let publicKeyLength = 32
    /// H_LENGTH: an HMAC-SHA256 output, the length of AUTH (tor-spec 5.1.4).
    public static let authLength = 32
    /// The client's handshake: NODEID | KEYID | CLIENT_KP (tor-spec 5.1.4).
    public static let onionSkinLength = identityLength + 2 * publicKeyLength
    /// The relay's handshake: SERVER_KP | AUTH (tor-spec 5.1.4).
    public static let serverReplyLength = publicKeyLength + authLength

    static let protocolID = Array("ntor-curve25519-sha256-1".utf8)
    static let macTweak = protocolID + Array(":mac".utf8)
    static let keyTweak = protocolID + Array(":key_extract".utf8)
    static let verifyTweak = protocolID + Array(":verify".utf8)
    static let expandTweak = protocolID + Array(":key_expand".utf8)
    static let serverLabel = Array("Server".utf8)

    private let relayIdentity: [UInt8]
    private let relayOnionKey: [UInt8]
    private let ephemeral: X25519PrivateKey
    private let ephemeralPublic: [UInt8]

    /// Prepares a handshake with the relay whose RSA identity digest is `relayIdentity`
    /// (20 bytes) and whose `ntor-onion-key` is `relayOnionKey` (32 bytes).
    ///
    /// - Parameter ephemeral: the client's x; tests pass a fixed one, everything else the default.
    /// - Throws: ``CircuitError`` `handshake.badInput` when a key has the wrong length.
    public init(
        relayIdentity: [UInt8], relayOnionKey: [UInt8],
        ephemeral: X25519PrivateKey = .generate()
    ) throws {
        try CircuitError.requireLength(relayIdentity, Self.identityLength, "the relay identity digest")
        try CircuitError.requireLength(relayOnionKey, Self.publicKeyLength, "the relay's ntor onion key")
        self.relayIdentity = relayIdentity
        self.relayOnionKey = relayOnionKey
        self.ephemeral = ephemeral
        self.ephemeralPublic = ephemeral.publicKey
    }

    /// The 84-byte client handshake for CREATE2/EXTEND2: ID | B | X (tor-spec 5.1.4).
    public var onionSkin: [UInt8] {
        relayIdentity + relayOnionKey + ephemeralPublic
    }

    /// Checks the relay's reply Y | AUTH and derives the hop's keys (tor-spec 5.1.4, 5.2.2).
    ///
    /// - Throws: ``CircuitError`` with kind `.protocolViolation`: `handshake.replyLength` when the
    ///   reply is not 64 bytes, `handshake.degenerateKey` when Y (or B) yields the all-zero
    ///   point, `handshake.authMismatch` when AUTH is wrong.
    public func complete(serverReply: [UInt8]) throws -> CircuitKeys {
        guard serverReply.count == Self.serverReplyLength else {
            throw CircuitError(
                .handshakeReplyLength, kind: .protocolViolation,
                "the relay's ntor reply is \(serverReply.count) bytes, not \(Self.serverReplyLength); "
                    + "the circuit cannot be built through this relay")
        }
        let serverPublic = Array(serverReply[0..<Self.publicKeyLength])
        let auth = Array(serverReply[Self.publicKeyLength...])

        var secretInput = try Self.sharedSecret(ephemeral, serverPublic, "the relay's ephemeral key Y")
        secretInput += try Self.sharedSecret(ephemeral, relayOnionKey, "the relay's ntor onion key B")
        secretInput += relayIdentity + relayOnionKey + ephemeralPublic + serverPublic + Self.protocolID
        defer { wipe(&secretInput) }

        var verify = HMAC.sha256(key: Self.verifyTweak, message: secretInput)
        defer { wipe(&verify) }
        let authInput = verify + relayIdentity + relayOnionKey + serverPublic + ephemeralPublic
            + Self.protocolID + Self.serverLabel
        let expectedAuth = HMAC.sha256(key: Self.macTweak, message: authInput)
        guard ConstantTime.equals(expectedAuth, auth) else {
            throw CircuitError(
                .handshakeAuthMismatch, kind: .protocolViolation,
                "the relay's ntor AUTH does not match: it does not hold the onion key in its "
                    + "descriptor; the circuit was abandoned, try another relay")
        }
        // HKDF-SHA256 with salt t_key and info m_expand: its extract step is KEY_SEED =
        // H(secret_input, t_key), so this is exactly KDF-RFC5869 over KEY_SEED (tor-spec 5.2.2).
        var material = HKDF.sha256(
            inputKeyMaterial: secretInput, salt: Self.keyTweak, info: Self.expandTweak,
            outputLength: CircuitKeys.materialLength)
        defer { wipe(&material) }
        return CircuitKeys(rfc5869Material: material)
    }

    /// EXP(peer, x) as bytes, refusing the point at infinity (tor-spec 5.1.4 NOTE).
    static func sharedSecret(
        _ privateKey: X25519PrivateKey, _ peerPublic: [UInt8], _ what: String
    ) throws -> [UInt8] {
        let secret: SecretBytes
        do {
            secret = try privateKey.sharedSecret(with: peerPublic)
        } catch {
            throw CircuitError(
                .handshakeDegenerateKey, kind: .protocolViolation,
                "\(what) gives a degenerate Diffie-Hellman result; the circuit was abandoned, "
                    + "try another relay")
        }
        return secret.bytes
    }
}
