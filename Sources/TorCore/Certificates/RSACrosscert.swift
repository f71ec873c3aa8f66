/// The RSA->Ed25519 cross-certificate, CERTS type 7 (cert-spec 2.3), unchecked.
///
/// Layout: ED25519_KEY (32), EXPIRATION_DATE (4, hours since the epoch), SIGLEN (1),
/// SIGNATURE (SIGLEN). The relay's RSA identity key signs
/// SHA-256(``signaturePrefix`` || ``signedBytes``) with PKCS#1 v1.5 padding of the raw digest;
/// the verifier composes that digest and checks it (`RSAPublicKey.verifyTorSignature`).
public struct RSACrosscert: Hashable, Sendable {
    /// The personalization prefixed to the signed bytes before hashing (cert-spec 2.3).
    public static let signaturePrefix = "Tor TLS RSA/Ed25519 cross-certificate"
    /// The length of ED25519_KEY.
    public static let keyLength = 32
    /// The length of the signed part: ED25519_KEY and EXPIRATION_DATE.
    public static let signedLength = keyLength + 4

    /// The Ed25519 identity the RSA identity vouches for.
    public let ed25519Key: [UInt8]
    /// Hours since the Unix epoch after which the crosscert is invalid.
    public let expirationHours: UInt32
    /// The RSA signature, SIGLEN bytes.
    public let signature: [UInt8]
    /// The encoding: as received for parsed crosscerts.
    public let bytes: [UInt8]

    /// Parses a crosscert. Throws `certificate.truncated` or `certificate.trailingBytes`.
    public init(bytes: [UInt8]) throws {
        var reader = CertificateReader(bytes: bytes)
        ed25519Key = try reader.bytes(Self.keyLength, "ED25519_KEY")
        expirationHours = try reader.uint32("EXPIRATION_DATE")
        let length = Int(try reader.byte("SIGLEN"))
        signature = try reader.bytes(length, "SIGNATURE")
        guard reader.isAtEnd else {
            throw TorCoreError(
                .certificateTrailingBytes, kind: .protocolViolation,
                "an RSA->Ed25519 crosscert has \(reader.remaining) bytes after its signature; it is refused")
        }
        self.bytes = bytes
    }

    /// Builds and encodes a crosscert from its fields. Throws for a key that is not 32 bytes
    /// or a signature longer than 255 bytes.
    public init(ed25519Key: [UInt8], expirationHours: UInt32, signature: [UInt8]) throws {
        guard ed25519Key.count == Self.keyLength, signature.count <= Int(UInt8.max) else {
            throw TorCoreError(
                .certificateUnencodable, kind: .internalFailure,
                "a crosscert needs a 32-byte Ed25519 key and a signature of at most 255 bytes; "
                    + "this is a bug in the caller")
        }
        let expiration = withUnsafeBytes(of: expirationHours.bigEndian, Array.init)
        try self.init(bytes: ed25519Key + expiration + [UInt8(signature.count)] + signature)
    }

    /// The encoding, byte-exact for parsed crosscerts.
    public func encode() -> [UInt8] { bytes }

    /// The bytes the signature covers, after the prefix: ED25519_KEY and EXPIRATION_DATE.
    public var signedBytes: [UInt8] { Array(bytes.prefix(Self.signedLength)) }

    /// ``signaturePrefix`` as bytes, ready to hash before ``signedBytes``.
    public static var signaturePrefixBytes: [UInt8] { Array(signaturePrefix.utf8) }

    /// The expiration as Unix seconds.
    public var expirationTime: Int64 { Int64(expirationHours) * 3600 }

    /// True once `unixTime` is past the expiration.
    public func isExpired(atUnixTime unixTime: Int64) -> Bool { unixTime > expirationTime }
}
