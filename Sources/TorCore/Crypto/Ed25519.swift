import CSodium

/// Ed25519 signature checks (RFC 8032), as used by Tor's Ed25519 certificates (cert-spec 2.1),
/// the link handshake (tor-spec 4.2) and microdescriptor identities.
public enum Ed25519 {
    /// Length of a public key in bytes.
    public static let publicKeyLength = 32
    /// Length of a signature in bytes.
    public static let signatureLength = 64
    /// Length of the seed a private key is derived from.
    public static let seedLength = 32

    /// True when `signature` is a valid signature of `message` by `publicKey`.
    ///
    /// Wrong lengths return false rather than throwing: a malformed signature from a peer is just
    /// an invalid one. libsodium also rejects non-canonical and small-order encodings.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else {
            return false
        }
        _ = Sodium.ready
        return signature.withUnsafeBufferPointer { signatureBytes in
            publicKey.withUnsafeBufferPointer { keyBytes in
                message.withUnsafeBufferPointer { messageBytes in
                    crypto_sign_verify_detached(
                        signatureBytes.baseAddress!, messageBytes.baseAddress,
                        UInt64(messageBytes.count), keyBytes.baseAddress!
                    ) == 0
                }
            }
        }
    }
}

/// An Ed25519 signing key; the secret lives in ``SecretBytes``.
///
/// The client itself signs nothing on the wire, but tests and fixtures build certificates and
/// documents with it.
public struct Ed25519PrivateKey: Sendable {
    /// libsodium's 64-byte secret key: the seed followed by the public key.
    private let secretKey: SecretBytes
    /// The 32-byte public key matching this private key.
    public let publicKey: [UInt8]

    /// A fresh random key.
    public static func generate() -> Self {
        var seed = SecureRandom.bytes(Ed25519.seedLength)
        defer { wipe(&seed) }
        // The seed has the right length, so this cannot throw.
        return try! Self(seed: seed)
    }

    /// The key derived from a 32-byte `seed` (RFC 8032's "private key").
    public init(seed: [UInt8]) throws {
        guard seed.count == Ed25519.seedLength else {
            throw TorCoreError(
                .cryptoKeyLength, kind: .badInput,
                "An Ed25519 seed must be \(Ed25519.seedLength) bytes, not \(seed.count)"
            )
        }
        _ = Sodium.ready
        var publicKey = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
        secretKey = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secret in
            let secretBase = secret.baseAddress!.assumingMemoryBound(to: UInt8.self)
            _ = seed.withUnsafeBufferPointer { seedBytes in
                crypto_sign_seed_keypair(&publicKey, secretBase, seedBytes.baseAddress!)
            }
        }
        self.publicKey = publicKey
    }

    /// The 64-byte signature of `message` (deterministic, RFC 8032 5.1.6).
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
        secretKey.withUnsafeBytes { secret in
            message.withUnsafeBufferPointer { messageBytes in
                _ = crypto_sign_detached(
                    &signature, nil, messageBytes.baseAddress, UInt64(messageBytes.count),
                    secret.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        return signature
    }
}
