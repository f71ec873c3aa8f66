import TorCore

/// The symmetric keys one hop of a circuit shares with the client, as a handshake derives them.
///
/// Invariant: the seeds and the nonce are 20 bytes (HASH_LEN), the keys 16 bytes (KEY_LEN,
/// AES-128), and all five live in wiped-on-release ``SecretBytes``. The handshakes produce them
/// from KDF-RFC5869 (ntor, ntor v3: tor-spec 5.2.2) or KDF-TOR (CREATE_FAST: tor-spec 5.2.1);
/// ``HopCrypto`` turns them into the hop's ciphers and running digests.
public struct CircuitKeys: Sendable {
    /// HASH_LEN: the length of each digest seed and of the nonce (tor-spec 0.3, 5.2).
    public static let digestSeedLength = 20
    /// KEY_LEN: the length of each AES-128 key (tor-spec 0.3, 5.2).
    public static let keyLength = 16
    /// The key material a handshake must derive: Df, Db, Kf, Kb and KH (tor-spec 5.2.1, 5.2.2).
    public static let materialLength = 3 * digestSeedLength + 2 * keyLength

    /// Df: seeds the running digest of cells the client sends to this hop.
    public let forwardDigestSeed: SecretBytes
    /// Db: seeds the running digest of cells this hop sends to the client.
    public let backwardDigestSeed: SecretBytes
    /// Kf: the AES-128-CTR key for cells travelling away from the client.
    public let forwardKey: SecretBytes
    /// Kb: the AES-128-CTR key for cells travelling towards the client.
    public let backwardKey: SecretBytes
    /// KH: for ntor, the nonce onion services use in place of KH (tor-spec 5.2.2); for
    /// CREATE_FAST, the value the relay echoes to prove it derived the same keys (5.2.1).
    public let keyHash: SecretBytes

    /// Builds keys from explicit values, checking each length.
    public init(
        forwardDigestSeed: [UInt8], backwardDigestSeed: [UInt8],
        forwardKey: [UInt8], backwardKey: [UInt8], keyHash: [UInt8]
    ) throws {
        try CircuitError.requireLength(forwardDigestSeed, Self.digestSeedLength, "Df")
        try CircuitError.requireLength(backwardDigestSeed, Self.digestSeedLength, "Db")
        try CircuitError.requireLength(forwardKey, Self.keyLength, "Kf")
        try CircuitError.requireLength(backwardKey, Self.keyLength, "Kb")
        try CircuitError.requireLength(keyHash, Self.digestSeedLength, "KH")
        self.forwardDigestSeed = SecretBytes(forwardDigestSeed)
        self.backwardDigestSeed = SecretBytes(backwardDigestSeed)
        self.forwardKey = SecretBytes(forwardKey)
        self.backwardKey = SecretBytes(backwardKey)
        self.keyHash = SecretBytes(keyHash)
    }

    /// Splits KDF-RFC5869 output in the ntor order Df | Db | Kf | Kb | KH (tor-spec 5.2.2).
    init(rfc5869Material material: [UInt8]) {
        precondition(material.count >= Self.materialLength, "key material too short")
        var cursor = KeyMaterialCursor(material)
        forwardDigestSeed = cursor.take(Self.digestSeedLength)
        backwardDigestSeed = cursor.take(Self.digestSeedLength)
        forwardKey = cursor.take(Self.keyLength)
        backwardKey = cursor.take(Self.keyLength)
        keyHash = cursor.take(Self.digestSeedLength)
    }

    /// Splits KDF-TOR output in its order KH | Df | Db | Kf | Kb (tor-spec 5.2.1).
    init(kdfTorMaterial material: [UInt8]) {
        precondition(material.count >= Self.materialLength, "key material too short")
        var cursor = KeyMaterialCursor(material)
        keyHash = cursor.take(Self.digestSeedLength)
        forwardDigestSeed = cursor.take(Self.digestSeedLength)
        backwardDigestSeed = cursor.take(Self.digestSeedLength)
        forwardKey = cursor.take(Self.keyLength)
        backwardKey = cursor.take(Self.keyLength)
    }
}

/// Hands out consecutive slices of derived key material as secrets.
private struct KeyMaterialCursor {
    private let material: [UInt8]
    private var offset = 0

    init(_ material: [UInt8]) { self.material = material }

    mutating func take(_ count: Int) -> SecretBytes {
        defer { offset += count }
        let start = offset
        return SecretBytes(count: count) { target in
            material.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + count)]))
            }
        }
    }
}
