import TorCore

/// The identity a client expects a relay to prove in the link handshake (tor-spec 4.2):
/// its RSA identity fingerprint and, when the directory gave one, its Ed25519 identity.
///
/// Invariant: ``rsaFingerprint`` is 20 bytes (SHA-1 of the PKCS#1 DER of the RSA-1024 identity
/// key, tor-spec 0.3); ``ed25519Identity`` is nil or 32 bytes.
public struct RelayIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The length of an RSA identity fingerprint (SHA-1).
    public static let rsaFingerprintLength = 20
    /// The length of an Ed25519 identity key.
    public static let ed25519IdentityLength = Ed25519.publicKeyLength

    /// SHA-1 of the relay's RSA identity key, 20 bytes.
    public let rsaFingerprint: [UInt8]
    /// The relay's Ed25519 master identity key, 32 bytes; nil when unknown, and then any
    /// correctly cross-certified Ed25519 identity is accepted.
    public let ed25519Identity: [UInt8]?

    /// An expected identity; throws `link.badIdentity` (bad input) for wrong lengths.
    public init(rsaFingerprint: [UInt8], ed25519Identity: [UInt8]? = nil) throws {
        guard rsaFingerprint.count == Self.rsaFingerprintLength else {
            throw CircuitError(
                .linkBadIdentity, kind: .badInput,
                "An RSA identity fingerprint is \(Self.rsaFingerprintLength) bytes (40 hex digits), not \(rsaFingerprint.count); check the relay's fingerprint.")
        }
        if let ed25519Identity, ed25519Identity.count != Self.ed25519IdentityLength {
            throw CircuitError(
                .linkBadIdentity, kind: .badInput,
                "An Ed25519 identity is \(Self.ed25519IdentityLength) bytes, not \(ed25519Identity.count); check the relay's ed25519 key.")
        }
        self.rsaFingerprint = rsaFingerprint
        self.ed25519Identity = ed25519Identity
    }

    /// The RSA fingerprint in tor's form, 40 uppercase hex digits. Identities of public relays
    /// are not secret, but they still reach logs only through `Redacted`: they name a destination.
    public var description: String {
        "$" + Self.hex(rsaFingerprint) + (ed25519Identity.map { " ed25519 " + Self.hex($0) } ?? "")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}

/// What a relay proved in its CERTS cell (tor-spec 4.2), as ``CertsVerifier`` found it.
///
/// Invariant: only ``CertsVerifier`` makes one, after every check passed, so holding one means
/// the chain RSA identity -> Ed25519 identity -> signing key -> TLS link certificate is valid.
public struct VerifiedRelayIdentity: Sendable, Hashable {
    /// SHA-1 of the relay's RSA-1024 identity key, 20 bytes.
    public let rsaFingerprint: [UInt8]
    /// The relay's Ed25519 master identity key, 32 bytes.
    public let ed25519Identity: [UInt8]
    /// The Ed25519 signing key the identity certified (type 4 certificate), 32 bytes.
    public let ed25519SigningKey: [UInt8]
    /// Unix seconds at which the first certificate of the chain expires: the channel's proof
    /// of identity is no good after that.
    public let validUntil: Int64

    init(rsaFingerprint: [UInt8], ed25519Identity: [UInt8], ed25519SigningKey: [UInt8], validUntil: Int64) {
        self.rsaFingerprint = rsaFingerprint
        self.ed25519Identity = ed25519Identity
        self.ed25519SigningKey = ed25519SigningKey
        self.validUntil = validUntil
    }

    /// The identity as a ``RelayIdentity``, e.g. to compare with a directory entry.
    public var relayIdentity: RelayIdentity {
        // The lengths were checked when the certificates were verified.
        try! RelayIdentity(rsaFingerprint: rsaFingerprint, ed25519Identity: ed25519Identity)
    }
}
