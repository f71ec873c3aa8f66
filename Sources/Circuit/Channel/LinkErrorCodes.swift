import TorCore

/// Error codes of the link handshake (tor-spec 4) and of the responder's CERTS checks
/// (tor-spec 4.2, cert-spec 2). Each check has its own code so a test, a log reader or a
/// guard policy can tell exactly what a relay got wrong.
extension CircuitError.Code {
    // MARK: The handshake (tor-spec 4, 4.1, 4.5)

    /// An expected identity with a wrong length was given (bad input).
    public static let linkBadIdentity: Self = "link.badIdentity"
    /// The relay's VERSIONS cell shares no version with the versions we offered (tor-spec 4.1).
    public static let linkNoCommonVersion: Self = "link.noCommonVersion"
    /// The relay sent a cell that is not allowed at this point of the handshake (tor-spec 4).
    public static let linkUnexpectedCell: Self = "link.unexpectedCell"
    /// A handshake cell's payload is malformed; the reason carries the TorCore code.
    public static let linkMalformedCell: Self = "link.malformedCell"
    /// The relay presented no TLS certificate, or CERTS arrived before TLS finished.
    public static let linkMissingTLSCertificate: Self = "link.missingTLSCertificate"
    /// The handshake did not finish in time.
    public static let linkTimedOut: Self = "link.timedOut"
    /// The connection closed before the handshake finished.
    public static let linkClosedDuringHandshake: Self = "link.closedDuringHandshake"
    /// The TCP connection to the relay could not be made.
    public static let linkConnectFailed: Self = "link.connectFailed"
    /// A cell could not be framed for the link (our bug, e.g. a cell before VERSIONS).
    public static let linkEncodingFailed: Self = "link.encodingFailed"

    // MARK: CERTS: presence (tor-spec 4.2: exactly one of each)

    /// No type 2 RSA identity certificate.
    public static let certsMissingRSAIdentity: Self = "link.certs.missingRSAIdentity"
    /// No type 4 Ed25519 identity->signing certificate.
    public static let certsMissingIdentitySigning: Self = "link.certs.missingIdentitySigning"
    /// No type 5 Ed25519 signing->link certificate.
    public static let certsMissingSigningLink: Self = "link.certs.missingSigningLink"
    /// No type 7 RSA->Ed25519 cross-certificate.
    public static let certsMissingCrosscert: Self = "link.certs.missingCrosscert"

    // MARK: CERTS: the type 2 RSA identity X.509 certificate

    /// Not DER X.509, or its key is not RSA.
    public static let certsRSAIdentityMalformed: Self = "link.certs.rsaIdentityMalformed"
    /// The identity key is not 1024-bit RSA.
    public static let certsRSAIdentityKeySize: Self = "link.certs.rsaIdentityKeySize"
    /// The certificate is not correctly self-signed.
    public static let certsRSAIdentityNotSelfSigned: Self = "link.certs.rsaIdentityNotSelfSigned"
    /// The certificate's validity starts in the future (beyond the skew allowance).
    public static let certsRSAIdentityNotYetValid: Self = "link.certs.rsaIdentityNotYetValid"
    /// The certificate expired (beyond the skew allowance).
    public static let certsRSAIdentityExpired: Self = "link.certs.rsaIdentityExpired"
    /// The RSA identity is not the relay we meant to reach.
    public static let certsRSAIdentityMismatch: Self = "link.certs.rsaIdentityMismatch"

    // MARK: CERTS: the type 7 RSA->Ed25519 cross-certificate (cert-spec 2.3)

    /// The crosscert does not parse.
    public static let certsCrosscertMalformed: Self = "link.certs.crosscertMalformed"
    /// The RSA identity key did not sign the crosscert.
    public static let certsCrosscertBadSignature: Self = "link.certs.crosscertBadSignature"
    /// The crosscert expired.
    public static let certsCrosscertExpired: Self = "link.certs.crosscertExpired"

    // MARK: CERTS: the type 4 Ed25519 identity->signing certificate (cert-spec 2.1)

    /// The certificate does not parse.
    public static let certsIdentitySigningMalformed: Self = "link.certs.identitySigningMalformed"
    /// Its CERT_TYPE field is not 4.
    public static let certsIdentitySigningWrongType: Self = "link.certs.identitySigningWrongType"
    /// It lacks the signed-with-ed25519-key extension naming the identity key.
    public static let certsIdentitySigningMissingIdentity: Self = "link.certs.identitySigningMissingIdentity"
    /// The identity key did not sign it.
    public static let certsIdentitySigningBadSignature: Self = "link.certs.identitySigningBadSignature"
    /// The Ed25519 identity it names is not the one the crosscert certifies.
    public static let certsCrosscertIdentityMismatch: Self = "link.certs.crosscertIdentityMismatch"
    /// The Ed25519 identity is not the relay we meant to reach.
    public static let certsEd25519IdentityMismatch: Self = "link.certs.ed25519IdentityMismatch"
    /// The certificate expired.
    public static let certsIdentitySigningExpired: Self = "link.certs.identitySigningExpired"

    // MARK: CERTS: the type 5 Ed25519 signing->link certificate (cert-spec 2.1)

    /// The certificate does not parse.
    public static let certsSigningLinkMalformed: Self = "link.certs.signingLinkMalformed"
    /// Its CERT_TYPE field is not 5.
    public static let certsSigningLinkWrongType: Self = "link.certs.signingLinkWrongType"
    /// It names a signer other than the certified signing key.
    public static let certsSigningLinkWrongSigner: Self = "link.certs.signingLinkWrongSigner"
    /// The signing key did not sign it.
    public static let certsSigningLinkBadSignature: Self = "link.certs.signingLinkBadSignature"
    /// The certificate expired.
    public static let certsSigningLinkExpired: Self = "link.certs.signingLinkExpired"
    /// It certifies a TLS certificate other than the one the relay presented.
    public static let certsSigningLinkTLSMismatch: Self = "link.certs.signingLinkTLSMismatch"
}
