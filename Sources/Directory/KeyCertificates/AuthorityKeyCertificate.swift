import TorCore

/// A directory authority's key certificate (dir-spec 3.1), parsed but not yet checked.
///
/// It binds the authority's long-term identity key to the medium-term signing key that signs
/// consensuses. Nothing here is trustworthy until ``verified(atUnixTime:clockSkewAllowance:)``
/// has checked both signatures and the validity period. Keeps the exact bytes it came from.
public struct AuthorityKeyCertificate: Sendable {
    /// The certificate text exactly as received, from "dir-key-certificate-version" through
    /// the end of the "dir-key-certification" object.
    public let bytes: [UInt8]
    /// The "fingerprint" line: the SHA-1 of the identity key the authority claims (20 bytes).
    public let fingerprint: [UInt8]
    /// The "dir-address" IP:port, as written, when present.
    public let directoryAddress: String?
    /// "dir-key-published", Unix seconds.
    public let published: Int64
    /// "dir-key-expires", Unix seconds.
    public let expires: Int64
    /// "dir-identity-key": the authority's long-term identity key.
    public let identityKey: RSAPublicKey
    /// "dir-signing-key": the key that signs this authority's consensus signatures.
    public let signingKey: RSAPublicKey
    /// "dir-key-crosscert": the signing key's signature of the identity key's digest.
    public let crosscert: [UInt8]
    /// "dir-key-certification": the identity key's signature of ``certifiedDigest``.
    public let certification: [UInt8]
    /// SHA-1 of the text from the start through the newline after "dir-key-certification"
    /// (dir-spec 1.3): what ``certification`` signs.
    public let certifiedDigest: [UInt8]
    /// 1-based line of "dir-key-certificate-version" in the text it was parsed from.
    public let lineNumber: Int

    /// The keyword that opens a certificate; also how concatenated certificates are split.
    static let openingKeyword = "dir-key-certificate-version"

    /// dir-spec 3.1, item by item.
    static let rules = DocumentRules("authority key certificate", [
        KeywordRule(openingKeyword, .exactlyOnce, position: .atStart, minimumArguments: 1),
        KeywordRule("dir-address", .atMostOnce, minimumArguments: 1),
        KeywordRule("fingerprint", .exactlyOnce, minimumArguments: 1),
        KeywordRule("dir-identity-key", .exactlyOnce, maximumArguments: 0,
                    object: .required(labels: ["RSA PUBLIC KEY"])),
        KeywordRule("dir-key-published", .exactlyOnce, minimumArguments: 2),
        KeywordRule("dir-key-expires", .exactlyOnce, minimumArguments: 2),
        KeywordRule("dir-signing-key", .exactlyOnce, maximumArguments: 0,
                    object: .required(labels: ["RSA PUBLIC KEY"])),
        // "Implementations MUST allow the 'ID ' portion to be omitted."
        KeywordRule("dir-key-crosscert", .exactlyOnce, maximumArguments: 0,
                    object: .required(labels: ["ID SIGNATURE", "SIGNATURE"])),
        KeywordRule("dir-key-certification", .exactlyOnce, position: .atEnd, maximumArguments: 0,
                    object: .required(labels: ["SIGNATURE"])),
    ])

    /// Parses text holding exactly one certificate.
    public init(parsing bytes: [UInt8]) throws(DirectoryError) {
        let items = try DirectoryDocumentReader.items(in: bytes)
        try self.init(items: items[...], text: bytes)
    }

    /// Parses concatenated certificates, as a directory serves them at /tor/keys/all or
    /// /tor/keys/fp/...: each starts at a "dir-key-certificate-version" line.
    public static func parseAll(_ bytes: [UInt8]) throws(DirectoryError) -> [AuthorityKeyCertificate] {
        let items = try DirectoryDocumentReader.items(in: bytes)
        guard let first = items.first else { return [] }
        guard first.keyword == openingKeyword else {
            throw .document(.itemPosition, "A key certificate must start with \"\(openingKeyword)\"", at: first)
        }
        var certificates: [AuthorityKeyCertificate] = []
        var start = items.startIndex
        for index in items.indices.dropFirst() where items[index].keyword == openingKeyword {
            certificates.append(try AuthorityKeyCertificate(items: items[start..<index], text: bytes))
            start = index
        }
        certificates.append(try AuthorityKeyCertificate(items: items[start...], text: bytes))
        return certificates
    }

    /// Builds a certificate from its items; `text` is the whole text they index.
    init(items: ArraySlice<DocumentItem>, text: [UInt8]) throws(DirectoryError) {
        let section = try Self.rules.check(items)
        let version = try section.required(Self.openingKeyword)
        guard version.arguments[0] == "3" else {
            throw .document(
                .certificateVersion,
                "Key certificate version \"\(version.arguments[0])\" is not supported; only version 3 exists",
                at: version
            )
        }
        let certification = try section.required("dir-key-certification")
        let start = version.byteRange.lowerBound
        self.bytes = Array(text[start..<certification.byteRange.upperBound])
        self.lineNumber = version.lineNumber
        self.fingerprint = try section.required("fingerprint").hex(at: 0, byteCount: AuthorityIdentity.byteCount)
        self.directoryAddress = section.first("dir-address")?.arguments[0]
        self.published = try section.required("dir-key-published").time(at: 0)
        self.expires = try section.required("dir-key-expires").time(at: 0)
        self.identityKey = try Self.rsaKey(section.required("dir-identity-key"))
        self.signingKey = try Self.rsaKey(section.required("dir-signing-key"))
        self.crosscert = try section.required("dir-key-crosscert").object?.bytes ?? []
        self.certification = certification.object?.bytes ?? []
        self.certifiedDigest = Digest.sha1(Array(text[start..<certification.keywordLineEnd]))
    }

    /// The RSA key in an item's object.
    private static func rsaKey(_ item: DocumentItem) throws(DirectoryError) -> RSAPublicKey {
        do {
            return try RSAPublicKey(pkcs1DER: item.object?.bytes ?? [])
        } catch {
            throw item.malformed("\"\(item.keyword)\" does not hold a valid PKCS#1 RSA public key")
        }
    }
}

extension DirectoryError.Code {
    /// "dir-key-certificate-version" is not 3.
    public static let certificateVersion: Self = "dir.cert.version"
    /// The identity key's digest is not the "fingerprint" line.
    public static let certificateFingerprintMismatch: Self = "dir.cert.fingerprint-mismatch"
    /// An identity or signing key is shorter than dir-spec 3.1 allows (1024 bits).
    public static let certificateKeyTooShort: Self = "dir.cert.key-too-short"
    /// "dir-key-certification" is not the identity key's signature of the certificate.
    public static let certificateCertificationInvalid: Self = "dir.cert.certification-invalid"
    /// "dir-key-crosscert" is not the signing key's signature of the identity key's digest.
    public static let certificateCrosscertInvalid: Self = "dir.cert.crosscert-invalid"
    /// The certificate expired before now (allowing for clock skew).
    public static let certificateExpired: Self = "dir.cert.expired"
    /// The certificate was published after now (allowing for clock skew).
    public static let certificateNotYetValid: Self = "dir.cert.not-yet-valid"
}
