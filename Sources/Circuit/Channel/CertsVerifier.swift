import TorCore

/// Checks a responder's CERTS cell the way an initiator that knows Ed25519 identities must
/// (tor-spec 4.2, "To authenticate the responder as having a given Ed25519,RSA identity key
/// combination"; cert-spec 2.1, 2.3).
///
/// A pure function of the cell, the TLS certificate the relay presented, the identity we meant
/// to reach and the current time. The chain it proves, in the order it checks it:
/// 1. type 2: a self-signed X.509 certificate of a 1024-bit RSA key whose SHA-1 is the expected
///    fingerprint, within its validity (with ``x509ClockSkewAllowance``);
/// 2. type 7: that RSA key signed the crosscert naming the Ed25519 identity, not expired;
/// 3. type 4: the Ed25519 identity (its signed-with-ed25519-key extension) signed the signing
///    key, the identity equals the crosscert's and the expected one, not expired;
/// 4. type 5: the signing key signed SHA-256 of the TLS certificate, not expired.
///
/// Signatures are checked before the facts they vouch for, so a damaged certificate is
/// reported as a bad signature, and each failure has its own `link.certs.*` code.
public enum CertsVerifier {
    /// How far the clock may be off when checking the X.509 identity certificate's validity
    /// period. Ed25519 certificates get none: cert-spec 2.1 makes them invalid after
    /// EXPIRATION_DATE, and relays renew them long before.
    public static let x509ClockSkewAllowance: Int64 = 24 * 3600

    /// The length of a relay's RSA identity key in bits (tor-spec 0.2, 4.2).
    public static let rsaIdentityKeyBits = 1024

    /// Verifies `certs` against `tlsCertificateDER` and `expected` at `now` (Unix seconds).
    /// - Returns: the identity the relay proved.
    /// - Throws: ``CircuitError`` of kind `.protocolViolation` with a `link.certs.*` code.
    public static func verify(
        _ certs: CertsMessage, tlsCertificateDER: [UInt8], expected: RelayIdentity, now: Int64
    ) throws -> VerifiedRelayIdentity {
        // Presence first: tor-spec 4.2 requires exactly one of each, and CertsMessage already
        // refuses a cell that repeats a type.
        let rsaIdentityBody = try required(certs, .rsaIdentityX509, .certsMissingRSAIdentity)
        let identitySigningBody = try required(certs, .ed25519IdentitySigning, .certsMissingIdentitySigning)
        let signingLinkBody = try required(certs, .ed25519SigningLink, .certsMissingSigningLink)
        let crosscertBody = try required(certs, .rsaEd25519Crosscert, .certsMissingCrosscert)

        let rsaIdentity = try checkRSAIdentity(rsaIdentityBody, expected: expected, now: now)
        let crosscert = try checkCrosscert(crosscertBody, rsaIdentityKey: rsaIdentity.key, now: now)
        let identitySigning = try checkIdentitySigning(
            identitySigningBody, crosscertIdentity: crosscert.ed25519Key, expected: expected, now: now)
        let signingLink = try checkSigningLink(
            signingLinkBody, signingKey: identitySigning.certifiedKey,
            tlsCertificateDER: tlsCertificateDER, now: now)

        return VerifiedRelayIdentity(
            rsaFingerprint: rsaIdentity.key.fingerprint,
            ed25519Identity: crosscert.ed25519Key,
            ed25519SigningKey: identitySigning.certifiedKey,
            validUntil: min(
                rsaIdentity.notAfter, crosscert.expirationTime, identitySigning.expirationTime,
                signingLink.expirationTime))
    }

    private static func required(
        _ certs: CertsMessage, _ type: CertType, _ code: CircuitError.Code
    ) throws -> [UInt8] {
        guard let body = certs.certificate(ofType: type) else {
            throw refusal(code, "The relay's CERTS cell has no \(type)")
        }
        return body
    }

    // MARK: Type 2: the RSA identity

    private static func checkRSAIdentity(
        _ body: [UInt8], expected: RelayIdentity, now: Int64
    ) throws -> (key: RSAPublicKey, notAfter: Int64) {
        let certificate: X509Certificate
        let key: RSAPublicKey
        do {
            certificate = try X509Certificate(der: body)
            key = try certificate.rsaPublicKey()
        } catch {
            throw refusal(.certsRSAIdentityMalformed, "The relay's RSA identity certificate is unreadable (\(error))")
        }
        guard key.bitCount == rsaIdentityKeyBits else {
            throw refusal(
                .certsRSAIdentityKeySize,
                "The relay's RSA identity key has \(key.bitCount) bits; tor-spec 4.2 requires \(rsaIdentityKeyBits)")
        }
        guard certificate.isSigned(by: key) else {
            throw refusal(.certsRSAIdentityNotSelfSigned, "The relay's RSA identity certificate is not correctly self-signed")
        }
        guard now + x509ClockSkewAllowance >= certificate.notBefore else {
            throw refusal(
                .certsRSAIdentityNotYetValid,
                "The relay's RSA identity certificate is valid only from Unix time \(certificate.notBefore), after now (\(now)); check this computer's clock")
        }
        guard now - x509ClockSkewAllowance <= certificate.notAfter else {
            throw refusal(
                .certsRSAIdentityExpired,
                "The relay's RSA identity certificate expired at Unix time \(certificate.notAfter) (now \(now)); check this computer's clock")
        }
        guard ConstantTime.equals(key.fingerprint, expected.rsaFingerprint) else {
            throw CircuitError(
                .certsRSAIdentityMismatch, kind: .protocolViolation,
                "The relay proved RSA identity \(Redacted(RelayIdentity.hex(key.fingerprint))), not the expected \(Redacted(RelayIdentity.hex(expected.rsaFingerprint))): the address belongs to another relay now, or someone is in the way. Refresh the directory or pick another relay.")
        }
        return (key, certificate.notAfter)
    }

    // MARK: Type 7: the RSA->Ed25519 crosscert

    private static func checkCrosscert(
        _ body: [UInt8], rsaIdentityKey: RSAPublicKey, now: Int64
    ) throws -> RSACrosscert {
        let crosscert: RSACrosscert
        do {
            crosscert = try RSACrosscert(bytes: body)
        } catch {
            throw refusal(.certsCrosscertMalformed, "The relay's RSA->Ed25519 crosscert is unreadable (\(error))")
        }
        // cert-spec 2.3: the RSA key signs SHA-256(prefix || ED25519_KEY || EXPIRATION_DATE).
        let digest = Digest.sha256(RSACrosscert.signaturePrefixBytes + crosscert.signedBytes)
        guard rsaIdentityKey.verifyTorSignature(crosscert.signature, digest: digest) else {
            throw refusal(.certsCrosscertBadSignature, "The relay's RSA->Ed25519 crosscert is not signed by its RSA identity key")
        }
        guard !crosscert.isExpired(atUnixTime: now) else {
            throw refusal(
                .certsCrosscertExpired,
                "The relay's RSA->Ed25519 crosscert expired at Unix time \(crosscert.expirationTime) (now \(now)); check this computer's clock")
        }
        return crosscert
    }

    /// A protocol violation by the relay, with the advice every certificate failure shares.
    static func refusal(_ code: CircuitError.Code, _ what: String) -> CircuitError {
        CircuitError(
            code, kind: .protocolViolation,
            "\(what). The relay cannot prove its identity, so the connection is closed; try another relay.")
    }
}
