import TorCore

/// A relay a circuit can be built through: its microdesc-consensus entry joined with the
/// microdescriptor the entry names (dir-spec 3.4.1, 3.9.2 and 3.3).
///
/// Invariant: every value comes from one consensus entry and the microdescriptor whose SHA-256
/// its "m" line lists (or from a caller that builds a synthetic relay for tests). A relay
/// without a microdescriptor is never a `Relay`: it has no ntor key, so no circuit can use it.
public struct Relay: Sendable, Hashable, CustomStringConvertible {
    /// The nickname from the "r" line; not unique and not authenticated.
    public let nickname: String
    /// The fingerprint (SHA-1 of the RSA identity key) that CREATE/EXTEND cells name.
    public let rsaIdentity: RelayFingerprint
    /// The Ed25519 master identity (32 bytes), nil when absent or when the consensus entry has
    /// the NoEdConsensus flag (dir-spec 3.3: the microdescriptor's key must then be ignored).
    public let ed25519Identity: [UInt8]?
    /// The IPv4 address of the "r" line.
    public let address: IPv4Address
    /// The OR port.
    public let orPort: UInt16
    /// The directory port, 0 for none (clients use BEGIN_DIR over the OR port instead).
    public let dirPort: UInt16
    /// The consensus flags this client knows.
    public let flags: RouterFlags
    /// The consensus weight ("w Bandwidth="), nil when the entry has no "w" line.
    public let bandwidth: UInt32?
    /// The curve25519 key for the ntor handshake (32 bytes).
    public let ntorOnionKey: [UInt8]
    /// The relays this one declares as family by fingerprint (the "$HEX" entries of "family");
    /// nickname-only entries are dropped because nicknames prove nothing (path-spec 2.2).
    public let family: Set<RelayFingerprint>
    /// The family identities of "family-ids": relays sharing one are in one family.
    public let familyIdentities: Set<String>
    /// The IPv4 exit-policy summary ("p"); reject-all when the relay exits nowhere.
    public let exitPolicy: PortPolicySummary
    /// The IPv6 exit-policy summary ("p6").
    public let ipv6ExitPolicy: PortPolicySummary
    /// Supported subprotocols: the consensus "pr" line, else the microdescriptor's.
    public let protocols: ProtocolVersions?

    /// A relay from explicit values (synthetic views in tests, or callers that cache relays).
    public init(
        nickname: String, rsaIdentity: RelayFingerprint, ed25519Identity: [UInt8]? = nil,
        address: IPv4Address, orPort: UInt16, dirPort: UInt16 = 0, flags: RouterFlags,
        bandwidth: UInt32?, ntorOnionKey: [UInt8], family: Set<RelayFingerprint> = [],
        familyIdentities: Set<String> = [], exitPolicy: PortPolicySummary = .rejectAll,
        ipv6ExitPolicy: PortPolicySummary = .rejectAll, protocols: ProtocolVersions? = nil
    ) {
        self.nickname = nickname
        self.rsaIdentity = rsaIdentity
        self.ed25519Identity = ed25519Identity
        self.address = address
        self.orPort = orPort
        self.dirPort = dirPort
        self.flags = flags
        self.bandwidth = bandwidth
        self.ntorOnionKey = ntorOnionKey
        self.family = family
        self.familyIdentities = familyIdentities
        self.exitPolicy = exitPolicy
        self.ipv6ExitPolicy = ipv6ExitPolicy
        self.protocols = protocols
    }

    /// Joins a consensus entry with its microdescriptor. Nil when the microdescriptor is not
    /// the one the entry's "m" line names, or the entry's address is not an IPv4 address.
    public init?(status: RouterStatus, microdescriptor: Microdescriptor) {
        guard microdescriptor.digest == status.microdescriptorDigest,
              let identity = RelayFingerprint(digestBytes: status.rsaIdentity),
              let address = IPv4Address(status.address)
        else { return nil }
        self.init(
            nickname: status.nickname, rsaIdentity: identity,
            ed25519Identity: status.flags.contains(.noEdConsensus) ? nil : microdescriptor.ed25519Identity,
            address: address, orPort: status.orPort, dirPort: status.dirPort, flags: status.flags,
            bandwidth: status.bandwidth?.bandwidth, ntorOnionKey: microdescriptor.ntorOnionKey,
            family: Set(microdescriptor.family.compactMap(Self.familyFingerprint)),
            familyIdentities: Set(microdescriptor.familyIdentities),
            exitPolicy: microdescriptor.ipv4Policy, ipv6ExitPolicy: microdescriptor.ipv6Policy,
            protocols: status.protocols ?? microdescriptor.protocols)
    }

    /// True when the relay may exit at all: the Exit flag without BadExit (path-spec 2.2.1:
    /// a BadExit relay is never chosen as an exit).
    public var isExit: Bool { flags.contains(.exit) && !flags.contains(.badExit) }

    /// True when the relay is an exit whose IPv4 summary accepts `port` for most addresses
    /// (path-spec 2.2.1, "might support" a connection to an unknown address).
    public func allowsExit(toPort port: UInt16) -> Bool {
        isExit && !flags.contains(.middleOnly) && exitPolicy.allows(port: port)
    }

    /// "$FINGERPRINT~nickname", as tor names relays in logs and control replies. Both are
    /// public consensus data, not user data, so they need no redaction.
    public var description: String { "$\(rsaIdentity)~\(nickname)" }

    /// The fingerprint of a "family" entry: "$HEX", "$HEX=nick" or "$HEX~nick"; nil for a
    /// nickname.
    static func familyFingerprint(_ entry: String) -> RelayFingerprint? {
        guard entry.hasPrefix("$") else { return nil }
        let digits = entry.dropFirst().prefix { $0 != "=" && $0 != "~" }
        return RelayFingerprint(hex: digits)
    }
}

extension RelayFingerprint {
    /// The fingerprint of a 20-byte identity digest; nil for any other length.
    init?(digestBytes bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(hex: DirectoryHex.encode(bytes))
    }
}
