import Circuit
import TorCore

/// Builds a CERTS cell (tor-spec 4.2) as a relay with ``TestRelayKeys`` would send it, with
/// every field that a check looks at open to change, so each test breaks exactly one thing.
struct RelayCertsBuilder {
    typealias Keys = TestRelayKeys

    var rsaIdentityCertificate = Keys.der(Keys.rsaIdentityCertificatePEM)
    /// Signs the crosscert.
    var crosscertSigner = Keys.rsaIdentityKey
    /// The Ed25519 identity the crosscert certifies.
    var crosscertIdentity = Keys.ed25519Identity.publicKey
    var crosscertExpirationHours = UInt32((Keys.now + 180 * 86_400) / 3600)

    var identitySigningType = CertType.ed25519IdentitySigning
    /// Signs the type 4 certificate.
    var identitySigningSigner = Keys.ed25519Identity
    /// The key named in type 4's signed-with-ed25519-key extension; nil leaves it out.
    var identitySigningNamedSigner: [UInt8]? = Keys.ed25519Identity.publicKey
    var identitySigningExpirationHours = UInt32((Keys.now + 30 * 86_400) / 3600)
    var signingKey = Keys.ed25519Signing.publicKey

    var signingLinkType = CertType.ed25519SigningLink
    /// Signs the type 5 certificate.
    var signingLinkSigner = Keys.ed25519Signing
    /// The key named in type 5's signed-with-ed25519-key extension; nil (as tor 0.4.9) leaves it out.
    var signingLinkNamedSigner: [UInt8]? = nil
    var signingLinkExpirationHours = UInt32((Keys.now + 2 * 86_400) / 3600)
    /// The TLS certificate type 5 certifies.
    var tlsCertificate = TestTLSIdentity.certificateDER

    /// Types to leave out of the cell.
    var omitted: Set<UInt8> = []
    /// Bodies to send instead of the built ones, by type.
    var replaced: [UInt8: [UInt8]] = [:]

    func build() throws -> CertsMessage {
        let crosscertUnsigned = try RSACrosscert(
            ed25519Key: crosscertIdentity, expirationHours: crosscertExpirationHours, signature: [])
        let crosscertDigest = Digest.sha256(RSACrosscert.signaturePrefixBytes + crosscertUnsigned.signedBytes)
        let crosscert = try RSACrosscert(
            ed25519Key: crosscertIdentity, expirationHours: crosscertExpirationHours,
            signature: try crosscertSigner.torSignature(digest: crosscertDigest))
        let identitySigning = try Self.signed(
            type: identitySigningType, expirationHours: identitySigningExpirationHours,
            keyType: Ed25519Certificate.certifiedKeyEd25519, key: signingKey,
            namedSigner: identitySigningNamedSigner, signer: identitySigningSigner)
        let signingLink = try Self.signed(
            type: signingLinkType, expirationHours: signingLinkExpirationHours,
            keyType: Ed25519Certificate.certifiedKeySHA256OfX509, key: Digest.sha256(tlsCertificate),
            namedSigner: signingLinkNamedSigner, signer: signingLinkSigner)
        // The order a tor 0.4.9 relay uses (type 1 is its TLS certificate).
        let entries: [CertsMessage.Entry] = [
            .init(type: .linkX509, body: tlsCertificate),
            .init(type: .rsaIdentityX509, body: rsaIdentityCertificate),
            .init(type: .ed25519IdentitySigning, body: identitySigning),
            .init(type: .ed25519SigningLink, body: signingLink),
            .init(type: .rsaEd25519Crosscert, body: crosscert.encode()),
        ]
        return CertsMessage(certificates: entries.filter { !omitted.contains($0.type.rawValue) }.map {
            CertsMessage.Entry(type: $0.type, body: replaced[$0.type.rawValue] ?? $0.body)
        })
    }

    private static func signed(
        type: CertType, expirationHours: UInt32, keyType: UInt8, key: [UInt8],
        namedSigner: [UInt8]?, signer: Ed25519PrivateKey
    ) throws -> [UInt8] {
        let extensions = namedSigner.map { [Ed25519CertificateExtension.signedWithEd25519Key($0)] } ?? []
        let unsigned = try Ed25519Certificate(
            certType: type, expirationHours: expirationHours, certifiedKeyType: keyType,
            certifiedKey: key, extensions: extensions, signature: [UInt8](repeating: 0, count: 64))
        return try Ed25519Certificate(
            certType: type, expirationHours: expirationHours, certifiedKeyType: keyType,
            certifiedKey: key, extensions: extensions, signature: signer.sign(unsigned.signedBytes)
        ).encode()
    }
}
