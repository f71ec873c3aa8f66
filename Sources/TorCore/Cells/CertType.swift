/// The type of a certificate in a CERTS cell or an Ed25519 certificate's CERT_TYPE field
/// (tor-spec 4.2, cert-spec A.1).
///
/// Types 1–3 are X.509 DER, 7 is the RSA->Ed25519 crosscert (cert-spec 2.3) and the rest are
/// Ed25519 certificates (cert-spec 2.1). Open: unknown types survive decoding.
public struct CertType: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// X.509 link key certificate certified by the RSA-1024 identity.
    public static let linkX509 = CertType(rawValue: 1)
    /// Self-signed RSA-1024 identity X.509 certificate.
    public static let rsaIdentityX509 = CertType(rawValue: 2)
    /// X.509 AUTHENTICATE-cell link certificate signed with the RSA-1024 identity.
    public static let rsaAuthenticateX509 = CertType(rawValue: 3)
    /// Ed25519 signing key certified by the Ed25519 identity key.
    public static let ed25519IdentitySigning = CertType(rawValue: 4)
    /// TLS link certificate (its SHA-256) certified by the Ed25519 signing key.
    public static let ed25519SigningLink = CertType(rawValue: 5)
    /// Ed25519 AUTHENTICATE-cell key certified by the Ed25519 signing key.
    public static let ed25519SigningAuthenticate = CertType(rawValue: 6)
    /// The Ed25519 identity cross-certified by the RSA identity key (cert-spec 2.3).
    public static let rsaEd25519Crosscert = CertType(rawValue: 7)
    /// Onion service: short-term descriptor signing key, signed with the blinded key.
    public static let onionServiceDescriptorSigning = CertType(rawValue: 8)
    /// Onion service: introduction point authentication key.
    public static let onionServiceIntroductionAuthentication = CertType(rawValue: 9)
    /// ntor onion key cross-certifying the Ed25519 identity key.
    public static let ntorOnionKeyCrosscert = CertType(rawValue: 10)
    /// Onion service: ntor encryption key cross-certifying the descriptor signing key.
    public static let onionServiceEncryptionKey = CertType(rawValue: 11)

    /// The spec's wording for known types, the number otherwise.
    public var description: String {
        switch self {
        case .linkX509: "RSA link certificate (1)"
        case .rsaIdentityX509: "RSA identity certificate (2)"
        case .rsaAuthenticateX509: "RSA authenticate certificate (3)"
        case .ed25519IdentitySigning: "Ed25519 identity->signing certificate (4)"
        case .ed25519SigningLink: "Ed25519 signing->link certificate (5)"
        case .ed25519SigningAuthenticate: "Ed25519 signing->authenticate certificate (6)"
        case .rsaEd25519Crosscert: "RSA->Ed25519 cross-certificate (7)"
        case .onionServiceDescriptorSigning: "onion service descriptor signing certificate (8)"
        case .onionServiceIntroductionAuthentication: "onion service introduction authentication certificate (9)"
        case .ntorOnionKeyCrosscert: "ntor onion key cross-certificate (10)"
        case .onionServiceEncryptionKey: "onion service encryption key certificate (11)"
        default: "certificate type \(rawValue)"
        }
    }
}
