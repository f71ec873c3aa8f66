/// An Ed25519 certificate as sent in CERTS cells and descriptors (cert-spec 2.1), unchecked.
///
/// Layout: VERSION (1, must be 1), CERT_TYPE (1), EXPIRATION_DATE (4, hours since the epoch),
/// CERT_KEY_TYPE (1), CERTIFIED_KEY (32), N_EXTENSIONS (1), extensions, SIGNATURE (64).
/// Immutable and keeps the exact bytes it was parsed from: the signature covers
/// ``signedBytes`` (everything before it, no prefix), and checking it is the verifier's job
/// (`Ed25519.verify(signature:message:publicKey:)` with the signing key the context names).
public struct Ed25519Certificate: Hashable, Sendable {
    /// The only VERSION defined (cert-spec 2.1).
    public static let supportedVersion: UInt8 = 1
    /// The length of CERTIFIED_KEY and of an Ed25519 key.
    public static let keyLength = 32
    /// The length of SIGNATURE.
    public static let signatureLength = 64
    /// The fixed part before the extensions: version, type, expiration, key type, key, count.
    static let headerLength = 1 + 1 + 4 + 1 + keyLength + 1

    /// CERT_KEY_TYPE values (cert-spec A.4). Tor up to 0.4.5 sent 1 for every type, so the
    /// certificate type, not this byte, says what the key is.
    public static let certifiedKeyEd25519: UInt8 = 1
    /// CERT_KEY_TYPE: SHA-256 of an RSA key (not used).
    public static let certifiedKeySHA256OfRSA: UInt8 = 2
    /// CERT_KEY_TYPE: SHA-256 of an X.509 certificate (type 5 certificates).
    public static let certifiedKeySHA256OfX509: UInt8 = 3

    /// CERT_TYPE: what the certificate vouches for (cert-spec A.1).
    public let certType: CertType
    /// Hours since the Unix epoch after which the certificate is invalid.
    public let expirationHours: UInt32
    /// CERT_KEY_TYPE, see the `certifiedKey...` constants.
    public let certifiedKeyType: UInt8
    /// An Ed25519 public key, or a SHA-256 digest when the type says so.
    public let certifiedKey: [UInt8]
    /// The extensions, in the order sent.
    public let extensions: [Ed25519CertificateExtension]
    /// The 64-byte Ed25519 signature over ``signedBytes``.
    public let signature: [UInt8]
    /// The encoding: as received for parsed certificates.
    public let bytes: [UInt8]

    /// VERSION; always ``supportedVersion`` since other versions are refused.
    public var version: UInt8 { Self.supportedVersion }

    /// Parses a certificate. Throws `certificate.truncated`, `.unsupportedVersion`,
    /// `.badExtension`, `.unknownCriticalExtension` or `.trailingBytes`.
    public init(bytes: [UInt8]) throws {
        var reader = CertificateReader(bytes: bytes)
        let version = try reader.byte("VERSION")
        guard version == Self.supportedVersion else {
            throw TorCoreError(
                .certificateUnsupportedVersion, kind: .protocolViolation,
                "an Ed25519 certificate has version \(version), but only version 1 exists; it is refused")
        }
        certType = CertType(rawValue: try reader.byte("CERT_TYPE"))
        expirationHours = try reader.uint32("EXPIRATION_DATE")
        certifiedKeyType = try reader.byte("CERT_KEY_TYPE")
        certifiedKey = try reader.bytes(Self.keyLength, "CERTIFIED_KEY")
        let count = try reader.byte("N_EXTENSIONS")
        var extensions: [Ed25519CertificateExtension] = []
        for index in 0..<Int(count) {
            let length = Int(try reader.uint16("the length of extension \(index)"))
            let type = Ed25519CertificateExtension.ExtensionType(rawValue: try reader.byte("the type of extension \(index)"))
            let flags = Ed25519CertificateExtension.Flags(rawValue: try reader.byte("the flags of extension \(index)"))
            let data = try reader.bytes(length, "extension \(index) (\(type))")
            extensions.append(Ed25519CertificateExtension(type: type, flags: flags, data: data))
        }
        try Self.validate(extensions)
        self.extensions = extensions
        signature = try reader.bytes(Self.signatureLength, "SIGNATURE")
        guard reader.isAtEnd else {
            throw TorCoreError(
                .certificateTrailingBytes, kind: .protocolViolation,
                "an Ed25519 certificate has \(reader.remaining) bytes after its signature; it is refused")
        }
        self.bytes = bytes
    }

    /// Builds and encodes a certificate from its fields (fixtures, tests, and documents we
    /// produce). Throws for a wrong key or signature length or an extension that is invalid.
    public init(
        certType: CertType, expirationHours: UInt32, certifiedKeyType: UInt8, certifiedKey: [UInt8],
        extensions: [Ed25519CertificateExtension], signature: [UInt8]
    ) throws {
        guard certifiedKey.count == Self.keyLength, signature.count == Self.signatureLength,
              extensions.count <= Int(UInt8.max),
              extensions.allSatisfy({ $0.data.count <= Int(UInt16.max) })
        else {
            throw TorCoreError(
                .certificateUnencodable, kind: .internalFailure,
                "an Ed25519 certificate needs a 32-byte key, a 64-byte signature and at most 255 "
                    + "extensions of at most 65535 bytes each; this is a bug in the caller")
        }
        try Self.validate(extensions)
        var bytes = [Self.supportedVersion, certType.rawValue]
        bytes += withUnsafeBytes(of: expirationHours.bigEndian, Array.init)
        bytes.append(certifiedKeyType)
        bytes += certifiedKey
        bytes.append(UInt8(extensions.count))
        for item in extensions {
            bytes += withUnsafeBytes(of: UInt16(item.data.count).bigEndian, Array.init)
            bytes += [item.type.rawValue, item.flags.rawValue]
            bytes += item.data
        }
        bytes += signature
        try self.init(bytes: bytes)
    }

    /// The encoding, byte-exact for parsed certificates.
    public func encode() -> [UInt8] { bytes }

    /// The bytes the signature covers: all but the last 64 (cert-spec 2.1).
    public var signedBytes: [UInt8] { Array(bytes.dropLast(Self.signatureLength)) }

    /// The key from the signed-with-ed25519-key extension (cert-spec 2.2.1), if present.
    public var signingKey: [UInt8]? {
        extensions.first { $0.type == .signedWithEd25519Key }?.data
    }

    /// The expiration as Unix seconds.
    public var expirationTime: Int64 { Int64(expirationHours) * 3600 }

    /// True once `unixTime` is past the expiration (cert-spec 2.1: the certificate is not
    /// valid after EXPIRATION_DATE).
    public func isExpired(atUnixTime unixTime: Int64) -> Bool { unixTime > expirationTime }

    /// An extension flagged AFFECTS_VALIDATION that we do not know, a signing-key extension
    /// that is not 32 bytes, or two of them, make the certificate invalid.
    private static func validate(_ extensions: [Ed25519CertificateExtension]) throws {
        var sawSigningKey = false
        for item in extensions {
            if item.type == .signedWithEd25519Key {
                guard item.data.count == Ed25519CertificateExtension.signingKeyLength, !sawSigningKey else {
                    throw TorCoreError(
                        .certificateBadExtension, kind: .protocolViolation,
                        "an Ed25519 certificate has a signed-with-ed25519-key extension that is "
                            + "\(item.data.count) bytes or repeated; it is refused")
                }
                sawSigningKey = true
            } else if item.flags.contains(.affectsValidation) {
                throw TorCoreError(
                    .certificateUnknownCriticalExtension, kind: .protocolViolation,
                    "an Ed25519 certificate has \(item.type), which we do not understand but which "
                        + "affects validation; it is refused (cert-spec 2.1)")
            }
        }
    }
}
