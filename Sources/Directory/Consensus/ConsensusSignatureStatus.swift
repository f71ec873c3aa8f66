/// What one configured authority's signature on a consensus came to (dir-spec 3.4.1
/// "directory-signature"; the majority rule of dir-spec 4.1 / 5.1).
public struct AuthoritySignatureStatus: Sendable, Equatable, CustomStringConvertible {
    /// Why an authority does or does not count as a signer.
    public enum Outcome: Sendable, Equatable {
        /// A signature verified with a certified signing key of this authority.
        case valid
        /// The consensus carries no signature from this authority.
        case notSigned
        /// A signature names a signing key for which no verified certificate was given:
        /// fetch /tor/keys/fp-sk/<identity>-<signing key digest>.
        case missingCertificate(signingKeyDigest: [UInt8])
        /// The certificate for the signing key expired before the time of the check.
        case certificateExpired
        /// The signature does not verify: the document was altered or the signature is forged.
        case badSignature
        /// Every signature from this authority uses a digest algorithm this client does not know.
        case unsupportedAlgorithm
    }

    /// The configured authority.
    public let identity: AuthorityIdentity
    /// Its nickname from the consensus's "dir-source", when listed there.
    public let nickname: String?
    /// The result.
    public let outcome: Outcome

    /// An authority's result.
    public init(identity: AuthorityIdentity, nickname: String?, outcome: Outcome) {
        self.identity = identity
        self.nickname = nickname
        self.outcome = outcome
    }

    /// "auth1 (81B9…): valid"; authority identities are public, so they are not redacted.
    public var description: String {
        let name = nickname.map { "\($0) (\(identity.hex))" } ?? identity.hex
        switch outcome {
        case .valid: return "\(name): signed"
        case .notSigned: return "\(name): no signature"
        case .missingCertificate(let digest):
            return "\(name): no certificate for signing key \(DirectoryHex.encode(digest))"
        case .certificateExpired: return "\(name): signing key certificate expired"
        case .badSignature: return "\(name): signature does not verify"
        case .unsupportedAlgorithm: return "\(name): only unknown signature algorithms"
        }
    }
}

/// A microdesc consensus whose signatures and validity time have been checked.
///
/// Only ``MicrodescConsensus/verified(authorities:certificates:atUnixTime:clockSkewAllowance:)``
/// makes one: more than half of the configured authorities signed it validly, and it was live
/// (allowing for clock skew) at the time of the check.
public struct VerifiedMicrodescConsensus: Sendable {
    /// The consensus itself.
    public let consensus: MicrodescConsensus
    /// Each configured authority's result, in the order configured.
    public let signatureStatuses: [AuthoritySignatureStatus]

    /// The authorities whose signatures verified.
    public var signers: [AuthorityIdentity] {
        signatureStatuses.filter { $0.outcome == .valid }.map(\.identity)
    }

    init(consensus: MicrodescConsensus, signatureStatuses: [AuthoritySignatureStatus]) {
        self.consensus = consensus
        self.signatureStatuses = signatureStatuses
    }
}
