/// One authority that contributed to a consensus: a "dir-source" line with its "contact" and
/// "vote-digest" (dir-spec 3.4.1, authority section of a consensus).
public struct DirectorySource: Sendable, Equatable {
    /// The authority's nickname; "-legacy" entries name an obsolete identity key.
    public let nickname: String
    /// The authority's v3 identity.
    public let identity: AuthorityIdentity
    /// The authority's hostname, as written.
    public let hostname: String
    /// Its IPv4 address.
    public let address: String
    /// Its directory port.
    public let dirPort: UInt16
    /// Its OR port.
    public let orPort: UInt16
    /// The "contact" line's text, when present (legacy entries have none).
    public let contact: String?
    /// SHA-1 of the authority's vote, when present (legacy entries have none).
    public let voteDigest: [UInt8]?

    /// dir-spec 3.4.1: a group opens with "dir-source"; legacy groups lack the other two.
    static let rules = [
        KeywordRule("dir-source", .exactlyOnce, position: .atStart, minimumArguments: 6),
        KeywordRule("contact", .atMostOnce),
        KeywordRule("vote-digest", .atMostOnce, minimumArguments: 1),
    ]

    /// Builds one authority entry from a checked group of items.
    init(section: DocumentSection) throws(DirectoryError) {
        let source = try section.required("dir-source")
        nickname = source.arguments[0]
        identity = try AuthorityIdentity(bytes: source.hex(at: 1, byteCount: AuthorityIdentity.byteCount))
        hostname = source.arguments[2]
        address = try source.ipv4Address(at: 3)
        dirPort = try source.integer(at: 4, as: UInt16.self)
        orPort = try source.integer(at: 5, as: UInt16.self)
        contact = section.first("contact").map { $0.arguments.joined(separator: " ") }
        voteDigest = try section.first("vote-digest")?.hex(at: 0, byteCount: 20)
    }
}
