import TorCore

/// A directory server a client can fetch documents from: an authority, a fallback mirror, or
/// a directory cache listed in the consensus (dir-spec 5.1, 5.2).
///
/// Reached either through its ORPort with a BEGIN_DIR stream on a one-hop circuit (what C tor
/// clients do; needs the RSA identity to authenticate the link) or through its DirPort with
/// plain HTTP (a fallback for authorities, which keep a DirPort). ``key`` is its circuit
/// breaker's key.
public struct DirectoryServer: Sendable, Hashable, CustomStringConvertible {
    /// Where the server came from; authorities are the last resort once a consensus is known.
    public struct Role: Hashable, Sendable, CustomStringConvertible {
        /// The role's name.
        public let rawValue: String
        /// A role by name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A configured directory authority (DirAuthority).
        public static let authority = Role(rawValue: "authority")
        /// A configured fallback directory mirror (FallbackDir).
        public static let fallback = Role(rawValue: "fallback")
        /// A relay the consensus lists as a directory cache (V2Dir flag).
        public static let cache = Role(rawValue: "cache")

        /// The name.
        public var description: String { rawValue }
    }

    /// The nickname, when known.
    public let nickname: String?
    /// The IPv4 address.
    public let address: String
    /// The DirPort, or nil when the server has none (BEGIN_DIR only).
    public let dirPort: UInt16?
    /// The ORPort, or nil when unknown (DirPort only).
    public let orPort: UInt16?
    /// SHA-1 of the relay's RSA identity key (20 bytes).
    public let rsaIdentity: [UInt8]
    /// Where it came from.
    public let role: Role

    /// A server description.
    public init(nickname: String?, address: String, dirPort: UInt16?, orPort: UInt16?, rsaIdentity: [UInt8], role: Role) {
        self.nickname = nickname
        self.address = address
        self.dirPort = dirPort.flatMap { $0 == 0 ? nil : $0 }
        self.orPort = orPort.flatMap { $0 == 0 ? nil : $0 }
        self.rsaIdentity = rsaIdentity
        self.role = role
    }

    /// A configured authority (its relay identity, not its v3 identity, names the server).
    public init(authority: DirectoryAuthority) {
        self.init(
            nickname: authority.nickname, address: authority.address, dirPort: authority.directoryPort,
            orPort: authority.orPort, rsaIdentity: authority.fingerprint.bytes, role: .authority)
    }

    /// A configured fallback mirror.
    public init(fallback: FallbackDirectory) {
        self.init(
            nickname: nil, address: fallback.address.address, dirPort: fallback.address.port,
            orPort: fallback.orPort, rsaIdentity: fallback.identity.bytes, role: .fallback)
    }

    /// A relay the consensus lists as a directory cache.
    public init(cache router: RouterStatus) {
        self.init(
            nickname: router.nickname, address: router.address, dirPort: router.dirPort,
            orPort: router.orPort, rsaIdentity: router.rsaIdentity, role: .cache)
    }

    /// The RSA identity as 40 upper-case hex digits: the key of the server's circuit breaker.
    public var key: String { DirectoryHex.encode(rsaIdentity) }

    /// "address:port" for the HTTP Host header of a request to this server.
    public var hostHeader: String {
        "\(address):\(dirPort ?? orPort ?? 80)"
    }

    /// Role, nickname and fingerprint of a configured server (public, written in every
    /// torrc); a cache chosen from the consensus is redacted, since it says where we connect.
    /// Addresses stay out of logs (SafeLogging).
    public var description: String {
        let name = "\(nickname.map { $0 + " " } ?? "")$\(key)"
        return role == .cache ? "cache \(Redacted(name))" : "\(role) \(name)"
    }
}
