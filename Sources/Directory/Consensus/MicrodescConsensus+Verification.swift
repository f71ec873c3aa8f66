extension MicrodescConsensus {
    /// Checks each configured authority's signature (dir-spec 3.4.1 "directory-signature").
    ///
    /// A signature counts when its algorithm is known, a verified certificate of the same
    /// authority has the named signing key and had not expired at `now` (allowing for
    /// `clockSkewAllowance`), and the RSA signature of the signed digest verifies. Signatures
    /// from authorities not configured are ignored; one valid signature per authority is
    /// enough, and an authority counts only once.
    public func signatureStatuses(
        authorities: [AuthorityIdentity],
        certificates: [VerifiedAuthorityKeyCertificate],
        atUnixTime now: Int64,
        clockSkewAllowance: Int64
    ) -> [AuthoritySignatureStatus] {
        var seen: Set<AuthorityIdentity> = []
        return authorities.compactMap { authority -> AuthoritySignatureStatus? in
            guard seen.insert(authority).inserted else { return nil }
            let nickname = directorySources.first { $0.identity == authority }?.nickname
            return AuthoritySignatureStatus(
                identity: authority, nickname: nickname,
                outcome: outcome(for: authority, certificates: certificates, expiredBefore: now - clockSkewAllowance)
            )
        }
    }

    /// The best result among this authority's signatures (a valid one wins); certificates that
    /// expired before `expiredBefore` do not count.
    private func outcome(
        for authority: AuthorityIdentity, certificates: [VerifiedAuthorityKeyCertificate], expiredBefore: Int64
    ) -> AuthoritySignatureStatus.Outcome {
        var best: AuthoritySignatureStatus.Outcome = .notSigned
        // Later outcomes in this list explain a failure better than earlier ones.
        func rank(_ outcome: AuthoritySignatureStatus.Outcome) -> Int {
            switch outcome {
            case .notSigned: 0
            case .unsupportedAlgorithm: 1
            case .missingCertificate: 2
            case .certificateExpired: 3
            case .badSignature: 4
            case .valid: 5
            }
        }
        for signature in signatures where signature.identity == authority {
            let result: AuthoritySignatureStatus.Outcome
            if let digest = signedDigests[signature.algorithm] {
                if let certificate = certificates.first(where: {
                    $0.identity == authority && $0.signingKeyDigest == signature.signingKeyDigest
                }) {
                    if certificate.expires < expiredBefore {
                        result = .certificateExpired
                    } else if certificate.signingKey.verifyTorSignature(signature.signature, digest: digest) {
                        return .valid
                    } else {
                        result = .badSignature
                    }
                } else {
                    result = .missingCertificate(signingKeyDigest: signature.signingKeyDigest)
                }
            } else {
                result = .unsupportedAlgorithm
            }
            if rank(result) > rank(best) { best = result }
        }
        return best
    }

    /// Checks the consensus and returns the usable form (dir-spec 3.4.1, 5.1).
    ///
    /// - Parameters:
    ///   - authorities: the authorities this client trusts (its DirAuthority v3idents).
    ///   - certificates: verified key certificates; at least one per signing authority.
    ///   - now: the current time, Unix seconds.
    ///   - clockSkewAllowance: seconds by which our clock may be off: the consensus is accepted
    ///     from `valid-after - allowance` through `valid-until + allowance`. (C tor keeps using
    ///     a consensus up to 24 h past valid-until when nothing newer arrives; a caller that
    ///     wants that passes a larger allowance.)
    /// - Throws: ``DirectoryError`` `dir.consensus.not-yet-valid`, `dir.consensus.expired`, or
    ///   `dir.consensus.insufficient-signatures` naming each authority's result, unless
    ///   strictly more than half of the distinct configured authorities signed validly.
    public func verified(
        authorities: [AuthorityIdentity],
        certificates: [VerifiedAuthorityKeyCertificate],
        atUnixTime now: Int64,
        clockSkewAllowance: Int64
    ) throws(DirectoryError) -> VerifiedMicrodescConsensus {
        guard !authorities.isEmpty else {
            throw DirectoryError(
                .consensusNoAuthorities, kind: .badInput,
                "No directory authorities are configured; add DirAuthority lines to the configuration"
            )
        }
        guard now >= validAfter - clockSkewAllowance else {
            throw DirectoryError(
                .consensusNotYetValid, kind: .protocolViolation,
                "The consensus is not valid until \(DirectoryTime.format(validAfter)) UTC; check the system clock"
            )
        }
        guard now <= validUntil + clockSkewAllowance else {
            throw DirectoryError(
                .consensusExpired, kind: .protocolViolation,
                "The consensus expired at \(DirectoryTime.format(validUntil)) UTC; fetch a newer one, "
                    + "or check the system clock"
            )
        }
        let statuses = signatureStatuses(
            authorities: authorities, certificates: certificates,
            atUnixTime: now, clockSkewAllowance: clockSkewAllowance
        )
        let validCount = statuses.filter { $0.outcome == .valid }.count
        guard validCount * 2 > statuses.count else {
            throw DirectoryError(
                .consensusInsufficientSignatures, kind: .protocolViolation,
                "The consensus is signed by \(validCount) of \(statuses.count) authorities; more than half must sign. "
                    + statuses.map(\.description).joined(separator: "; ")
            )
        }
        return VerifiedMicrodescConsensus(consensus: self, signatureStatuses: statuses)
    }
}
