import CSodium

/// A Curve25519 Diffie-Hellman private key (RFC 7748 X25519), for ntor's ephemeral keys
/// (tor-spec 5.1.4) and ntor v3 (proposal 332). The scalar lives in ``SecretBytes``.
public struct X25519PrivateKey: Sendable {
    /// Length of private keys, public keys and shared secrets.
    public static let keyLength = 32

    private let scalar: SecretBytes
    /// The 32-byte public key (the scalar times the base point).
    public let publicKey: [UInt8]

    /// A fresh random key.
    public static func generate() -> Self {
        var raw = SecureRandom.bytes(keyLength)
        defer { wipe(&raw) }
        // The length is right, so this cannot throw.
        return try! Self(rawRepresentation: raw)
    }

    /// The key with scalar `rawRepresentation` (32 bytes; clamped by X25519 itself, RFC 7748 5).
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == Self.keyLength else {
            throw TorCoreError(
                .cryptoKeyLength, kind: .badInput,
                "An X25519 private key must be \(Self.keyLength) bytes, not \(rawRepresentation.count)"
            )
        }
        _ = Sodium.ready
        scalar = SecretBytes(rawRepresentation)
        var publicKey = [UInt8](repeating: 0, count: Self.keyLength)
        let status = scalar.withUnsafeBytes { secret in
            crypto_scalarmult_base(&publicKey, secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        // Only a zero product fails, and the clamped base-point product never is zero.
        precondition(status == 0, "crypto_scalarmult_base failed")
        self.publicKey = publicKey
    }

    /// The X25519 shared secret with `peerPublicKey`.
    ///
    /// Throws when the peer's key is not 32 bytes, or when the result is all zeros, which happens
    /// exactly for low-order points: tor-spec 5.1.4 requires refusing such a handshake.
    public func sharedSecret(with peerPublicKey: [UInt8]) throws -> SecretBytes {
        guard peerPublicKey.count == Self.keyLength else {
            throw TorCoreError(
                .cryptoKeyLength, kind: .protocolViolation,
                "A peer's X25519 public key must be \(Self.keyLength) bytes, not \(peerPublicKey.count)"
            )
        }
        return try SecretBytes(count: Self.keyLength) { output in
            let status = scalar.withUnsafeBytes { secret in
                peerPublicKey.withUnsafeBufferPointer { peer in
                    crypto_scalarmult(
                        output.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        secret.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        peer.baseAddress!
                    )
                }
            }
            // libsodium returns -1 exactly when the product is the all-zero point.
            guard status == 0 else {
                throw TorCoreError(
                    .cryptoLowOrderPoint, kind: .protocolViolation,
                    "The peer's X25519 key is a low-order point (all-zero shared secret)"
                )
            }
        }
    }
}
