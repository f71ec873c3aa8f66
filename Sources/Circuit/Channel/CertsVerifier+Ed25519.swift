import TorCore

/// The Ed25519 half of the CERTS checks: types 4 and 5 (tor-spec 4.2, cert-spec 2.1).
extension CertsVerifier {
    // MARK: Type 4: Ed25519 identity -> signing key

    static func checkIdentitySigning(
        _ body: [UInt8], crosscertIdentity: [UInt8], expected: RelayIdentity, now: Int64
    ) throws -> Ed25519Certificate {
        let certificate: Ed25519Certificate
        do {
            certificate = try Ed25519Certificate(bytes: body)
        } catch {
            throw refusal(.certsIdentitySigningMalformed, "The relay's Ed25519 identity->signing certificate is unreadable (\(error))")
        }
        guard certificate.certType == .ed25519IdentitySigning else {
            throw refusal(
                .certsIdentitySigningWrongType,
                "The relay sent a \(certificate.certType) where its Ed25519 identity->signing certificate belongs")
        }
        // The identity key travels only in this extension (cert-spec 2.2.1).
        guard let identity = certificate.signingKey else {
            throw refusal(
                .certsIdentitySigningMissingIdentity,
                "The relay's Ed25519 identity->signing certificate does not name its identity key")
        }
        guard Ed25519.verify(signature: certificate.signature, message: certificate.signedBytes, publicKey: identity) else {
            throw refusal(
                .certsIdentitySigningBadSignature,
                "The relay's Ed25519 identity->signing certificate is not signed by the identity key it names")
        }
        guard ConstantTime.equals(identity, crosscertIdentity) else {
            throw refusal(
                .certsCrosscertIdentityMismatch,
                "The relay's RSA->Ed25519 crosscert certifies a different Ed25519 identity than the one that signed its signing key")
        }
        if let expectedIdentity = expected.ed25519Identity, !ConstantTime.equals(identity, expectedIdentity) {
            throw CircuitError(
                .certsEd25519IdentityMismatch, kind: .protocolViolation,
                "The relay proved Ed25519 identity \(Redacted(RelayIdentity.hex(identity))), not the expected \(Redacted(RelayIdentity.hex(expectedIdentity))): the address belongs to another relay now, or someone is in the way. Refresh the directory or pick another relay.")
        }
        guard !certificate.isExpired(atUnixTime: now) else {
            throw refusal(
                .certsIdentitySigningExpired,
                "The relay's Ed25519 identity->signing certificate expired at Unix time \(certificate.expirationTime) (now \(now)); check this computer's clock")
        }
        return certificate
    }

    // MARK: Type 5: signing key -> TLS link certificate

    static func checkSigningLink(
        _ body: [UInt8], signingKey: [UInt8], tlsCertificateDER: [UInt8], now: Int64
    ) throws -> Ed25519Certificate {
        let certificate: Ed25519Certificate
        do {
            certificate = try Ed25519Certificate(bytes: body)
        } catch {
            throw refusal(.certsSigningLinkMalformed, "The relay's Ed25519 signing->link certificate is unreadable (\(error))")
        }
        guard certificate.certType == .ed25519SigningLink else {
            throw refusal(
                .certsSigningLinkWrongType,
                "The relay sent a \(certificate.certType) where its Ed25519 signing->link certificate belongs")
        }
        // tor 0.4.9 relays leave the signer out of type 5 (seen in captured cells); one that
        // names it must name the certified signing key.
        if let signer = certificate.signingKey, !ConstantTime.equals(signer, signingKey) {
            throw refusal(
                .certsSigningLinkWrongSigner,
                "The relay's Ed25519 signing->link certificate names a signer other than its certified signing key")
        }
        guard Ed25519.verify(signature: certificate.signature, message: certificate.signedBytes, publicKey: signingKey) else {
            throw refusal(
                .certsSigningLinkBadSignature,
                "The relay's Ed25519 signing->link certificate is not signed by its certified signing key")
        }
        guard !certificate.isExpired(atUnixTime: now) else {
            throw refusal(
                .certsSigningLinkExpired,
                "The relay's Ed25519 signing->link certificate expired at Unix time \(certificate.expirationTime) (now \(now)); check this computer's clock")
        }
        // What binds the Ed25519 chain to this very connection (tor-spec 4.2).
        guard ConstantTime.equals(certificate.certifiedKey, Digest.sha256(tlsCertificateDER)) else {
            throw refusal(
                .certsSigningLinkTLSMismatch,
                "The relay's Ed25519 signing->link certificate certifies a different TLS certificate than the one it presented")
        }
        return certificate
    }
}
