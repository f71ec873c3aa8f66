import TorCore

/// An authority key certificate whose signatures and validity period have been checked.
///
/// Only ``AuthorityKeyCertificate/verified(atUnixTime:clockSkewAllowance:)`` makes one, so
/// holding a value means: the identity key hashes to ``identity``, that key certified the
/// document, the signing key cross-certified the identity key, and the certificate was within
/// its validity period when checked.
public struct VerifiedAuthorityKeyCertificate: Sendable {
    /// The certificate as parsed.
    public let certificate: AuthorityKeyCertificate
    /// The authority this certificate belongs to (the digest of its identity key).
    public let identity: AuthorityIdentity

    /// The key that signs this authority's consensus signatures.
    public var signingKey: RSAPublicKey { certificate.signingKey }
    /// SHA-1 of the signing key: the "signing-key-digest" of a "directory-signature" line.
    public var signingKeyDigest: [UInt8] { certificate.signingKey.fingerprint }
    /// When the certificate stops being valid, Unix seconds.
    public var expires: Int64 { certificate.expires }

    fileprivate init(certificate: AuthorityKeyCertificate, identity: AuthorityIdentity) {
        self.certificate = certificate
        self.identity = identity
    }
}

extension AuthorityKeyCertificate {
    /// Smallest RSA modulus dir-spec 3.1 allows for either key ("MUST NOT be shorter than 1024").
    public static let minimumKeyBits = 1024

    /// Checks the certificate (dir-spec 3.1) and returns the usable form.
    ///
    /// - Parameters:
    ///   - now: the current time, Unix seconds (injected so tests and callers control the clock).
    ///   - clockSkewAllowance: seconds by which our clock may be off; a certificate is accepted
    ///     from `published - allowance` until `expires + allowance`.
    /// - Throws: ``DirectoryError`` with a `dir.cert.*` code naming the failed check.
    public func verified(
        atUnixTime now: Int64, clockSkewAllowance: Int64
    ) throws(DirectoryError) -> VerifiedAuthorityKeyCertificate {
        let location = DirectoryError.DocumentLocation(line: lineNumber, keyword: Self.openingKeyword)
        guard identityKey.fingerprint == fingerprint else {
            throw DirectoryError(
                .certificateFingerprintMismatch, kind: .protocolViolation,
                "The certificate's identity key does not hash to its \"fingerprint\" line; it is forged or corrupt",
                location: location
            )
        }
        guard identityKey.bitCount >= Self.minimumKeyBits, signingKey.bitCount >= Self.minimumKeyBits else {
            throw DirectoryError(
                .certificateKeyTooShort, kind: .protocolViolation,
                "The certificate's keys must be at least \(Self.minimumKeyBits) bits",
                location: location
            )
        }
        guard identityKey.verifyTorSignature(certification, digest: certifiedDigest) else {
            throw DirectoryError(
                .certificateCertificationInvalid, kind: .protocolViolation,
                "The certificate is not signed by its own identity key; it is forged or corrupt",
                location: location
            )
        }
        guard signingKey.verifyTorSignature(crosscert, digest: identityKey.fingerprint) else {
            throw DirectoryError(
                .certificateCrosscertInvalid, kind: .protocolViolation,
                "The certificate's signing key did not cross-certify its identity key; it is forged or corrupt",
                location: location
            )
        }
        guard now <= expires + clockSkewAllowance else {
            throw DirectoryError(
                .certificateExpired, kind: .protocolViolation,
                "The authority key certificate expired at \(DirectoryTime.format(expires)) UTC; "
                    + "fetch a newer one, or check the system clock",
                location: location
            )
        }
        guard published - clockSkewAllowance <= now else {
            throw DirectoryError(
                .certificateNotYetValid, kind: .protocolViolation,
                "The authority key certificate is published in the future (\(DirectoryTime.format(published)) UTC); "
                    + "check the system clock",
                location: location
            )
        }
        return VerifiedAuthorityKeyCertificate(
            certificate: self, identity: try AuthorityIdentity(bytes: fingerprint)
        )
    }
}
