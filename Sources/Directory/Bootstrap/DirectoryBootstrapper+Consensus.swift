import TorCore

extension DirectoryBootstrapper {
    /// Fetches the microdesc consensus and verifies it, fetching any key certificates its
    /// signatures need first (control-spec 5.5.3: "loading_keys" follows "loading_status").
    /// A consensus that does not verify is rejected and fetched from another source.
    func fetchConsensus() async throws -> VerifiedMicrodescConsensus {
        let tiers = sourceTiers(includingCachesOf: nil)
        let verified: VerifiedMicrodescConsensus
        do {
            verified = try await fetch(.microdescConsensus, from: tiers) { body, server in
                progress.report(.loadingStatus)
                let consensus = try MicrodescConsensus(parsing: body)
                try await fetchMissingCertificates(for: consensus)
                return try consensus.verified(
                    authorities: configuration.signingAuthorities, certificates: certificates,
                    atUnixTime: now(), clockSkewAllowance: configuration.clockSkewAllowance)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw bootstrapFailure("a verified consensus", error)
        }
        logger.notice(
            "Fetched a consensus valid until \(DirectoryTime.format(verified.consensus.validUntil)) UTC, signed by \(verified.signers.count) of \(verified.signatureStatuses.count) authorities")
        await store { cache throws(DirectoryError) in
            try await cache.store(certificates: certificates)
            try await cache.store(consensus: verified)
        }
        return verified
    }

    /// Fetches the certificates of the signing keys that signed `consensus` for which no
    /// verified certificate is held ("/tor/keys/fp-sk/...", dir-spec 4.2), keeping those that
    /// verify. A response holding a certificate that does not verify, or one not asked for,
    /// is rejected whole and fetched elsewhere.
    func fetchMissingCertificates(for consensus: MicrodescConsensus) async throws {
        let wanted = Set(configuration.signingAuthorities)
        let cutoff = now() - configuration.clockSkewAllowance
        certificates.removeAll { $0.expires < cutoff }
        var missing: [(authority: AuthorityIdentity, signingKeyDigest: [UInt8])] = []
        for signature in consensus.signatures where wanted.contains(signature.identity) {
            let held = certificates.contains {
                $0.identity == signature.identity && $0.signingKeyDigest == signature.signingKeyDigest
            }
            let listed = missing.contains {
                $0.authority == signature.identity && $0.signingKeyDigest == signature.signingKeyDigest
            }
            if !held, !listed { missing.append((signature.identity, signature.signingKeyDigest)) }
        }
        guard !missing.isEmpty else { return }
        progress.report(.loadingKeys)
        let request = DirectoryRequest.certificates(forSigningKeys: missing)
        let fetched = try await fetch(request, from: sourceTiers(includingCachesOf: nil)) { body, _ in
            try verifyCertificates(body, requested: missing)
        }
        certificates.append(contentsOf: fetched)
    }

    /// Parses and verifies every certificate of `body`; all must verify and be among `requested`.
    private func verifyCertificates(
        _ body: [UInt8], requested: [(authority: AuthorityIdentity, signingKeyDigest: [UInt8])]
    ) throws(DirectoryError) -> [VerifiedAuthorityKeyCertificate] {
        var result: [VerifiedAuthorityKeyCertificate] = []
        for certificate in try AuthorityKeyCertificate.parseAll(body) {
            let verified = try certificate.verified(atUnixTime: now(), clockSkewAllowance: configuration.clockSkewAllowance)
            guard requested.contains(where: {
                $0.authority == verified.identity && $0.signingKeyDigest == verified.signingKeyDigest
            }) else {
                throw DirectoryError(
                    .certificateUnexpected, kind: .protocolViolation,
                    "The directory sent a key certificate of \(verified.identity) that was not requested")
            }
            result.append(verified)
        }
        guard !result.isEmpty else {
            throw DirectoryError(
                .certificateUnexpected, kind: .protocolViolation, "The directory sent no key certificate")
        }
        return result
    }
}

extension DirectoryError.Code {
    /// A key-certificate response held a certificate that was not requested, or none at all.
    public static let certificateUnexpected: Self = "dir.cert.unexpected"
}
