import TorCore

/// A relay's microdescriptor (dir-spec 3.3): the keys and exit summary a client needs to build
/// circuits through it.
///
/// Keeps its exact bytes and their SHA-256 ``digest``, the name a consensus "m" line gives it.
/// A microdescriptor is not signed: it is authentic when its digest is listed in a verified
/// consensus (see ``MicrodescriptorBatch/matched(against:)``).
public struct Microdescriptor: Sendable {
    /// The text exactly as received, from its first line through the last line before the
    /// next microdescriptor.
    public let bytes: [UInt8]
    /// SHA-256 of ``bytes``.
    public let digest: MicrodescriptorDigest
    /// The legacy TAP "onion-key" as PKCS#1 DER, when present. tor 0.4.9 relays still publish
    /// one but accept only ntor handshakes, so it is kept as bytes, never used.
    public let tapOnionKeyDER: [UInt8]?
    /// The curve25519 key for the ntor handshake (32 bytes).
    public let ntorOnionKey: [UInt8]
    /// The relay's Ed25519 master identity ("id ed25519"), when present (32 bytes). Ignore it
    /// when the consensus entry has the NoEdConsensus flag (dir-spec 3.3).
    public let ed25519Identity: [UInt8]?
    /// The "family" line's entries (nicknames or $HEX identities), empty when absent.
    public let family: [String]
    /// The "family-ids" line's entries (tor 0.4.9 family identities), empty when absent.
    public let familyIdentities: [String]
    /// The "a" lines: further OR addresses, as written.
    public let additionalAddresses: [String]
    /// IPv4 exit summary ("p"); ``PortPolicySummary/rejectAll`` when absent.
    public let ipv4Policy: PortPolicySummary
    /// IPv6 exit summary ("p6"); ``PortPolicySummary/rejectAll`` when absent.
    public let ipv6Policy: PortPolicySummary
    /// The "pr" line, when present.
    public let protocols: ProtocolVersions?
    /// 1-based line where the microdescriptor starts in the text it was parsed from.
    public let lineNumber: Int

    /// Length of curve25519 and Ed25519 public keys.
    public static let keyLength = 32

    /// dir-spec 3.3, item by item; "onion-key" is optional because TAP is on its way out.
    static let rules = DocumentRules("microdescriptor", [
        KeywordRule("onion-key", .atMostOnce, position: .atStart, maximumArguments: 0,
                    object: .required(labels: ["RSA PUBLIC KEY"])),
        KeywordRule("ntor-onion-key", .exactlyOnce, minimumArguments: 1),
        KeywordRule("a", .anyNumber, minimumArguments: 1),
        KeywordRule("family", .atMostOnce),
        KeywordRule("family-ids", .atMostOnce),
        KeywordRule("p", .atMostOnce, minimumArguments: 2),
        KeywordRule("p6", .atMostOnce, minimumArguments: 2),
        KeywordRule("id", .anyNumber, minimumArguments: 2),
        KeywordRule("pr", .atMostOnce),
    ])

    /// Parses text holding exactly one microdescriptor.
    public init(parsing bytes: [UInt8]) throws(DirectoryError) {
        let items = try DirectoryDocumentReader.items(in: bytes)
        try self.init(items: items[...], bytes: bytes, lineNumber: items.first?.lineNumber ?? 1)
    }

    /// Builds a microdescriptor from its items; `bytes` is exactly its text.
    init(items: ArraySlice<DocumentItem>, bytes: [UInt8], lineNumber: Int) throws(DirectoryError) {
        let section = try Self.rules.check(items, startLine: lineNumber)
        self.bytes = bytes
        self.lineNumber = lineNumber
        guard let digest = MicrodescriptorDigest(bytes: Digest.sha256(bytes)) else {
            throw DirectoryError(.parserInternal, kind: .internalFailure, "SHA-256 did not give 32 bytes")
        }
        self.digest = digest
        tapOnionKeyDER = section.first("onion-key")?.object?.bytes
        ntorOnionKey = try section.required("ntor-onion-key").base64(at: 0, byteCount: Self.keyLength)
        var ed25519Identity: [UInt8]? = nil
        var seenKeyTypes: Set<String> = []
        for line in section.all("id") {
            // "At most once per distinct keytype"; unknown key types are ignored.
            guard seenKeyTypes.insert(line.arguments[0]).inserted else {
                throw .document(.itemRepeated, "\"id \(line.arguments[0])\" appears twice", at: line)
            }
            if line.arguments[0] == "ed25519" {
                ed25519Identity = try line.base64(at: 1, byteCount: Self.keyLength)
            }
        }
        self.ed25519Identity = ed25519Identity
        family = section.first("family")?.arguments ?? []
        familyIdentities = section.first("family-ids")?.arguments ?? []
        additionalAddresses = section.all("a").map { $0.arguments[0] }
        ipv4Policy = try section.first("p").map(Self.policy) ?? .rejectAll
        ipv6Policy = try section.first("p6").map(Self.policy) ?? .rejectAll
        if let line = section.first("pr") {
            guard let protocols = ProtocolVersions(arguments: line.arguments) else {
                throw line.malformed("\"pr\" is not a list of Name=versions entries (versions 0 to 63)")
            }
            self.protocols = protocols
        } else {
            protocols = nil
        }
    }

    private static func policy(_ line: DocumentItem) throws(DirectoryError) -> PortPolicySummary {
        guard let policy = PortPolicySummary(action: line.arguments[0], portList: line.arguments[1]) else {
            throw line.malformed(
                "\"\(line.keyword)\" is not \"accept\" or \"reject\" and a port list (ports 1 to 65535)"
            )
        }
        return policy
    }
}
