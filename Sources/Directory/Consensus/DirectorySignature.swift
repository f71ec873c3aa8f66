import TorCore

/// The digest algorithm named by a "directory-signature" line (dir-spec 3.4.1).
///
/// Open, so that a signature with an algorithm this client does not know survives parsing; such
/// signatures are ignored, as the spec requires.
public struct SignatureAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// The name as written ("sha1", "sha256", ...).
    public let rawValue: String
    /// An algorithm by name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// SHA-1: the default when the line names no algorithm; the only one "ns" consensuses use.
    public static let sha1 = SignatureAlgorithm(rawValue: "sha1")
    /// SHA-256: what microdesc consensuses use (dir-spec 3.9.2).
    public static let sha256 = SignatureAlgorithm(rawValue: "sha256")

    /// The hash behind the name, or nil when this client does not know it.
    public var digestAlgorithm: DigestAlgorithm? {
        switch rawValue {
        case "sha1": .sha1
        case "sha256": .sha256
        default: nil
        }
    }

    /// The name as written.
    public var description: String { rawValue }
}

/// One "directory-signature" item of a consensus (dir-spec 3.4.1 footer).
public struct DirectorySignature: Sendable, Equatable {
    /// How the signed digest was computed.
    public let algorithm: SignatureAlgorithm
    /// The signing authority's v3 identity.
    public let identity: AuthorityIdentity
    /// SHA-1 of the authority signing key that made the signature.
    public let signingKeyDigest: [UInt8]
    /// The RSA signature (PKCS#1 v1.5 padding over the raw digest).
    public let signature: [UInt8]
    /// 1-based line of the "directory-signature" keyword.
    public let lineNumber: Int

    /// Reads a checked "directory-signature" item: `[Algorithm] identity signing-key-digest`.
    init(item: DocumentItem) throws(DirectoryError) {
        // With two arguments the algorithm is omitted and means sha1.
        let first = item.arguments.count == 2 ? 0 : 1
        algorithm = first == 0 ? .sha1 : SignatureAlgorithm(rawValue: item.arguments[0])
        identity = try AuthorityIdentity(bytes: item.hex(at: first, byteCount: AuthorityIdentity.byteCount))
        signingKeyDigest = try item.hex(at: first + 1, byteCount: 20)
        signature = item.object?.bytes ?? []
        lineNumber = item.lineNumber
    }
}
