/// Error codes of Ed25519 certificates and the RSA->Ed25519 crosscert (cert-spec 2).
extension TorCoreError.Code {
    /// A field runs past the end of the certificate (cert-spec 2.1).
    public static let certificateTruncated: Self = "certificate.truncated"
    /// VERSION is not 1 (cert-spec 2.1).
    public static let certificateUnsupportedVersion: Self = "certificate.unsupportedVersion"
    /// A signed-with-ed25519-key extension that is not 32 bytes, or repeated (cert-spec 2.2.1).
    public static let certificateBadExtension: Self = "certificate.badExtension"
    /// An unknown extension flagged AFFECTS_VALIDATION (cert-spec 2.1).
    public static let certificateUnknownCriticalExtension: Self = "certificate.unknownCriticalExtension"
    /// Bytes after the signature.
    public static let certificateTrailingBytes: Self = "certificate.trailingBytes"
    /// Fields that cannot be encoded (wrong key or signature length).
    public static let certificateUnencodable: Self = "certificate.unencodable"
}
