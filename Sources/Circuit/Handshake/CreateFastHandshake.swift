import TorCore

/// The client side of CREATE_FAST (tor-spec 5.1.5), for the first hop only.
///
/// The client sends 20 random bytes X; the relay answers with 20 random bytes Y and KH, the
/// first 20 bytes of KDF-TOR(X | Y) (tor-spec 5.2.1), which proves it saw X. No public-key
/// operation takes place: the hop is only as private as the TLS link it runs over, which is
/// why tor uses it only where no onion key is known.
public struct CreateFastHandshake: Sendable {
    /// HASH_LEN: the length of X, Y and KH (tor-spec 5.1.5).
    public static let keyMaterialLength = 20

    /// X: the client's key material, sent in the CREATE_FAST cell.
    public var keyMaterial: [UInt8] { clientMaterial.bytes }
    private let clientMaterial: SecretBytes

    /// Starts a handshake with fresh random X.
    public init() {
        clientMaterial = SecretBytes(SecureRandom.bytes(Self.keyMaterialLength))
    }

    /// Starts a handshake with a given X (tests use fixed values).
    ///
    /// - Throws: ``CircuitError`` `handshake.badInput` when X is not 20 bytes.
    public init(keyMaterial: [UInt8]) throws {
        try CircuitError.requireLength(keyMaterial, Self.keyMaterialLength, "CREATE_FAST key material")
        clientMaterial = SecretBytes(keyMaterial)
    }

    /// The CREATE_FAST cell's payload carrying X.
    public var message: CreateFastMessage { CreateFastMessage(keyMaterial: keyMaterial) }

    /// ``complete(serverKeyMaterial:derivativeKeyData:)`` with a decoded CREATED_FAST.
    public func complete(_ reply: CreatedFastMessage) throws -> CircuitKeys {
        try complete(serverKeyMaterial: reply.keyMaterial, derivativeKeyData: reply.derivativeKeyData)
    }

    /// Derives the hop's keys from the relay's Y and checks its KH (tor-spec 5.1.5, 5.2.1).
    ///
    /// - Throws: ``CircuitError`` `handshake.replyLength` when Y or KH is not 20 bytes,
    ///   `handshake.authMismatch` when KH differs; both protocol violations.
    public func complete(serverKeyMaterial: [UInt8], derivativeKeyData: [UInt8]) throws -> CircuitKeys {
        guard serverKeyMaterial.count == Self.keyMaterialLength,
            derivativeKeyData.count == Self.keyMaterialLength
        else {
            throw CircuitError(
                .handshakeReplyLength, kind: .protocolViolation,
                "the relay's CREATED_FAST carries \(serverKeyMaterial.count) bytes of key material "
                    + "and \(derivativeKeyData.count) of KH, not \(Self.keyMaterialLength) each; "
                    + "the circuit was abandoned")
        }
        var secret = clientMaterial.bytes + serverKeyMaterial
        defer { wipe(&secret) }
        var material = KDFTor.derive(secret: secret, outputLength: CircuitKeys.materialLength)
        defer { wipe(&material) }
        let keys = CircuitKeys(kdfTorMaterial: material)
        let matches = derivativeKeyData.withUnsafeBytes { theirs in
            keys.keyHash.withUnsafeBytes { ConstantTime.equals($0, theirs) }
        }
        guard matches else {
            throw CircuitError(
                .handshakeAuthMismatch, kind: .protocolViolation,
                "the relay's CREATED_FAST key hash does not match the keys derived from X and Y; "
                    + "the circuit was abandoned, try another guard")
        }
        return keys
    }
}
