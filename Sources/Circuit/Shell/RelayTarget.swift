import TorCore

/// What a client must know about a relay to put it on a circuit: where its ORPort is, the
/// identities its link handshake and EXTEND2 check, and the ntor onion key its CREATE2 uses
/// (tor-spec 5.1.2, 5.1.4; the keys come from its microdescriptor, dir-spec 3.3).
///
/// Invariants (checked by ``init(address:orPort:rsaIdentity:ed25519Identity:ntorOnionKey:)``):
/// the RSA identity digest is 20 bytes, the Ed25519 identity (when known) 32 bytes, the ntor
/// onion key (when known) 32 bytes. A relay with no onion key can only be a first hop, reached
/// with CREATE_FAST (tor-spec 5.1.5).
public struct RelayTarget: Sendable, Hashable, CustomStringConvertible {
    /// The relay's IPv4 address; EXTEND2 names it in an IPv4 link specifier.
    public var address: IPv4Address
    /// The relay's ORPort.
    public var orPort: UInt16
    /// SHA-1 of the relay's RSA identity key (20 bytes): the legacy link specifier and ntor's ID.
    public var rsaIdentity: [UInt8]
    /// The relay's Ed25519 master identity key (32 bytes), when known.
    public var ed25519Identity: [UInt8]?
    /// The relay's curve25519 `ntor-onion-key` (32 bytes), when known.
    public var ntorOnionKey: [UInt8]?
    /// When set (and its cc_alg is nonzero), a build whose last relay this is negotiates
    /// congestion control with it over ntor v3 (prop 324 10). Set it only for exits whose
    /// protocols list FlowCtrl=2 and Relay=4 and whose Ed25519 identity is known; nil keeps
    /// plain ntor and fixed windows.
    public var congestionControl: CongestionControlParameters?

    /// A relay description; throws `circuit.badPath` for keys of the wrong length.
    public init(
        address: IPv4Address, orPort: UInt16, rsaIdentity: [UInt8],
        ed25519Identity: [UInt8]? = nil, ntorOnionKey: [UInt8]? = nil,
        congestionControl: CongestionControlParameters? = nil
    ) throws {
        guard rsaIdentity.count == LinkSpecifier.legacyIdentityLength else {
            throw Self.badKey("RSA identity digest", rsaIdentity.count, LinkSpecifier.legacyIdentityLength)
        }
        if let ed25519Identity, ed25519Identity.count != LinkSpecifier.ed25519IdentityLength {
            throw Self.badKey("Ed25519 identity", ed25519Identity.count, LinkSpecifier.ed25519IdentityLength)
        }
        if let ntorOnionKey, ntorOnionKey.count != NtorClientHandshake.publicKeyLength {
            throw Self.badKey("ntor onion key", ntorOnionKey.count, NtorClientHandshake.publicKeyLength)
        }
        self.address = address
        self.orPort = orPort
        self.rsaIdentity = rsaIdentity
        self.ed25519Identity = ed25519Identity
        self.ntorOnionKey = ntorOnionKey
        self.congestionControl = congestionControl
    }

    /// The RSA identity as 40 uppercase hex digits, as tor prints fingerprints: the key of the
    /// relay's circuit breaker and of its pooled channel.
    public var fingerprint: String {
        String(rsaIdentity.flatMap { [Self.hexDigits[Int($0 >> 4)], Self.hexDigits[Int($0 & 0x0F)]] })
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    /// The link specifiers EXTEND2 sends for this relay, in the order tor-spec 5.1.2 asks for:
    /// IPv4, legacy identity, Ed25519 identity.
    public var linkSpecifiers: [LinkSpecifier] {
        var specifiers: [LinkSpecifier] = [.ipv4(address, port: orPort), .legacyIdentity(rsaIdentity)]
        if let ed25519Identity { specifiers.append(.ed25519Identity(ed25519Identity)) }
        return specifiers
    }

    /// The fingerprint only: addresses stay out of logs (SafeLogging).
    public var description: String { "$" + fingerprint }

    private static func badKey(_ what: String, _ actual: Int, _ expected: Int) -> CircuitError {
        CircuitError(
            .circuitBadPath, kind: .badInput,
            "A relay's \(what) must be \(expected) bytes but is \(actual); refetch its descriptor.")
    }
}
