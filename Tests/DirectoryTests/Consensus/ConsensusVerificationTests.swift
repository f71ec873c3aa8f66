import Testing
import TorCore
@testable import Directory

/// Signature and time checks on a real consensus signed by three tor 0.4.9 authorities.
@Suite("Microdesc consensus verification (dir-spec 3.4.1, 5.1)")
struct ConsensusVerificationTests {
    static func consensus(_ bytes: [UInt8]? = nil) throws -> MicrodescConsensus {
        try MicrodescConsensus(parsing: bytes ?? Fixtures.bytes("consensus-microdesc"))
    }

    @Test func verifiesWithAllThreeAuthorities() throws {
        let verified = try Self.consensus().verified(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(verified.signers.map(\.hex) == [Fixtures.auth1, Fixtures.auth2, Fixtures.auth3])
        #expect(verified.signatureStatuses.map(\.nickname) == ["auth1", "auth2", "auth3"])
        #expect(verified.consensus.routers.count == 8)
    }

    @Test func oneAlteredByteInTheBodyBreaksEverySignature() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let altered = replacing("r relay3 iYme2l1LwKupYkZ2SbP0rmIOTAs 2038-01-01 00:00:00 127.0.0.1 27546 0",
                                with: "r relay3 iYme2l1LwKupYkZ2SbP0rmIOTAs 2038-01-01 00:00:00 127.0.0.1 27547 0", in: text)
        let consensus = try Self.consensus(altered)
        let statuses = consensus.signatureStatuses(
            authorities: try Fixtures.authorities(), certificates: try Fixtures.verifiedCertificates(),
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(statuses.map(\.outcome) == [.badSignature, .badSignature, .badSignature])
        expectDirectoryError(.consensusInsufficientSignatures) {
            try consensus.verified(
                authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
                atUnixTime: Fixtures.now, clockSkewAllowance: 0
            )
        }
    }

    @Test func oneAlteredSignatureFailsOnlyThatAuthority() throws {
        // The last base64 character of auth2's signature (the first one), "w" -> "x": the
        // signature's lowest bits change, and the text the signatures cover does not.
        let text = try Fixtures.text("consensus-microdesc")
        let bytes = replacing("JT58SxUS3pbSrm9UADUy8SNhBXx5gsvz+Nz6pPwZOZipvCizHZiulpUbrLYJ3QII\nle/2JS9qYWcpDfOci6s+1Q==",
                              with: "JT58SxUS3pbSrm9UADUy8SNhBXx5gsvz+Nz6pPwZOZipvCizHZiulpUbrLYJ3QII\nle/2JS9qYWcpDfOci6s+1g==",
                              in: text)
        let consensus = try Self.consensus(bytes)
        #expect(consensus.signedDigests[.sha256].map(hex) == Fixtures.consensusSignedDigest)
        let verified = try consensus.verified(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(verified.signatureStatuses.map(\.outcome) == [.valid, .badSignature, .valid])
    }

    @Test func validityWindowAllowsExactlyTheSkew() throws {
        let consensus = try Self.consensus()
        let authorities = try Fixtures.authorities()
        let certificates = try Fixtures.verifiedCertificates()
        let skew: Int64 = 600
        _ = try consensus.verified(authorities: authorities, certificates: certificates,
                                   atUnixTime: Fixtures.validUntil + skew, clockSkewAllowance: skew)
        expectDirectoryError(.consensusExpired) {
            try consensus.verified(authorities: authorities, certificates: certificates,
                                   atUnixTime: Fixtures.validUntil + skew + 1, clockSkewAllowance: skew)
        }
        _ = try consensus.verified(authorities: authorities, certificates: certificates,
                                   atUnixTime: Fixtures.validAfter - skew, clockSkewAllowance: skew)
        expectDirectoryError(.consensusNotYetValid) {
            try consensus.verified(authorities: authorities, certificates: certificates,
                                   atUnixTime: Fixtures.validAfter - skew - 1, clockSkewAllowance: skew)
        }
    }

    @Test func oneSignatureOfThreeIsNotAMajority() throws {
        let certificates = try Fixtures.verifiedCertificates().filter { $0.identity.hex == Fixtures.auth1 }
        let consensus = try Self.consensus()
        let statuses = consensus.signatureStatuses(
            authorities: try Fixtures.authorities(), certificates: certificates, atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(statuses[0].outcome == .valid)
        #expect(statuses[1].outcome == .missingCertificate(signingKeyDigest: try #require(DirectoryHex.decode(Fixtures.signingKeyDigests[Fixtures.auth2]!))))
        expectDirectoryError(.consensusInsufficientSignatures) {
            try consensus.verified(authorities: Fixtures.authorities(), certificates: certificates,
                                   atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }

    @Test func twoSignaturesOfThreeAreAMajority() throws {
        let certificates = try Fixtures.verifiedCertificates().filter { $0.identity.hex != Fixtures.auth3 }
        let verified = try Self.consensus().verified(
            authorities: Fixtures.authorities(), certificates: certificates,
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(verified.signers.count == 2)
    }

    @Test func exactlyHalfIsNotEnough() throws {
        // Three more configured authorities that did not sign: 3 valid of 6.
        let extra = try (1...3).map { try AuthorityIdentity(bytes: [UInt8](repeating: UInt8($0), count: 20)) }
        let consensus = try Self.consensus()
        expectDirectoryError(.consensusInsufficientSignatures) {
            try consensus.verified(authorities: Fixtures.authorities() + extra, certificates: Fixtures.verifiedCertificates(),
                                   atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
        // 3 valid of 5 is a majority.
        let verified = try consensus.verified(
            authorities: Fixtures.authorities() + extra.prefix(2), certificates: Fixtures.verifiedCertificates(),
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(verified.signatureStatuses.map(\.outcome) == [.valid, .valid, .valid, .notSigned, .notSigned])
    }

    @Test func anAuthorityListedTwiceCountsOnce() throws {
        let certificates = try Fixtures.verifiedCertificates().filter { $0.identity.hex == Fixtures.auth1 }
        let auth1 = try AuthorityIdentity(hex: Fixtures.auth1)
        let auth2 = try AuthorityIdentity(hex: Fixtures.auth2)
        expectDirectoryError(.consensusInsufficientSignatures) {
            try Self.consensus().verified(authorities: [auth1, auth1, auth2], certificates: certificates,
                                          atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }

    @Test func certificateOfAnotherAuthorityDoesNotCount() throws {
        // auth2's signature, checked against auth1's certificate relabelled as auth2's, must not
        // pass: certificates are matched by authority identity and signing-key digest together.
        let certificates = try Fixtures.verifiedCertificates()
        let onlyAuth1 = certificates.filter { $0.identity.hex == Fixtures.auth1 }
        let statuses = try Self.consensus().signatureStatuses(
            authorities: [AuthorityIdentity(hex: Fixtures.auth2)], certificates: onlyAuth1, atUnixTime: Fixtures.now,
            clockSkewAllowance: 0
        )
        #expect(statuses.map(\.outcome) == [.missingCertificate(signingKeyDigest: try #require(DirectoryHex.decode(Fixtures.signingKeyDigests[Fixtures.auth2]!)))])
    }

    @Test func expiredCertificateDoesNotCount() throws {
        // Test authorities whose certificates expired 100 s before the consensus is checked.
        var builders = try (0..<3).map { _ in try TestCertificateBuilder() }
        for index in builders.indices {
            builders[index].published = Fixtures.now - 86_400
            builders[index].expires = Fixtures.now - 100
        }
        let certificates = try builders.map {
            try $0.certificate().verified(atUnixTime: Fixtures.now - 200, clockSkewAllowance: 0)
        }
        let consensus = try MicrodescConsensus(parsing: TestCertificateBuilder.resignedConsensus(by: builders))
        let authorities = try builders.map { try $0.identity }
        #expect(consensus.signatureStatuses(authorities: authorities, certificates: certificates,
                                            atUnixTime: Fixtures.now, clockSkewAllowance: 0)
            .allSatisfy { $0.outcome == .certificateExpired })
        expectDirectoryError(.consensusInsufficientSignatures) {
            try consensus.verified(authorities: authorities, certificates: certificates,
                                   atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
        // Within the allowed skew the same certificates still count.
        let verified = try consensus.verified(authorities: authorities, certificates: certificates,
                                              atUnixTime: Fixtures.now, clockSkewAllowance: 100)
        #expect(verified.signers.count == 3)
    }

    @Test func signatureWithAnUnknownAlgorithmIsIgnored() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let bytes = replacing("directory-signature sha256 \(Fixtures.auth3)",
                              with: "directory-signature sha999 \(Fixtures.auth3)", in: text)
        let consensus = try Self.consensus(bytes)
        #expect(consensus.signatures[2].algorithm == SignatureAlgorithm(rawValue: "sha999"))
        let verified = try consensus.verified(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(verified.signatureStatuses.map(\.outcome) == [.valid, .valid, .unsupportedAlgorithm])
    }

    @Test func failureNamesEachAuthoritysResult() throws {
        let certificates = try Fixtures.verifiedCertificates().filter { $0.identity.hex == Fixtures.auth1 }
        let consensus = try Self.consensus()
        let authorities = try Fixtures.authorities()
        do throws(DirectoryError) {
            _ = try consensus.verified(authorities: authorities, certificates: certificates,
                                       atUnixTime: Fixtures.now, clockSkewAllowance: 0)
            Issue.record("verified with one signature of three")
        } catch {
            #expect(error.reason.contains("signed by 1 of 3"))
            #expect(error.reason.contains("auth1 (\(Fixtures.auth1)): signed"))
            #expect(error.reason.contains("auth2 (\(Fixtures.auth2)): no certificate for signing key \(Fixtures.signingKeyDigests[Fixtures.auth2]!)"))
        }
    }

    /// The real consensus body re-signed by test authorities with the two-argument form of
    /// "directory-signature", which means SHA-1 (the "ns" flavour's only algorithm).
    @Test func sha1SignaturesWithoutAnAlgorithmNameVerify() throws {
        let builders = try (0..<3).map { _ in try TestCertificateBuilder() }
        let bytes = try TestCertificateBuilder.resignedConsensus(by: builders)
        let consensus = try MicrodescConsensus(parsing: bytes)
        #expect(consensus.signatures.map(\.algorithm) == [.sha1, .sha1, .sha1])
        let text = try Fixtures.text("consensus-microdesc")
        let signedText = text[..<text.range(of: "directory-signature ")!.upperBound]
        #expect(consensus.signedDigests[.sha1] == Digest.sha1(Array(signedText.utf8)))
        #expect(consensus.signedDigests[.sha256] == nil)
        let certificates = try builders.map { try $0.certificate().verified(atUnixTime: Fixtures.now, clockSkewAllowance: 0) }
        let verified = try consensus.verified(
            authorities: builders.map { try $0.identity }, certificates: certificates,
            atUnixTime: Fixtures.now, clockSkewAllowance: 0
        )
        #expect(verified.signers.count == 3)
        // The real authorities did not sign this text.
        expectDirectoryError(.consensusInsufficientSignatures) {
            try consensus.verified(authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
                                   atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }

    @Test func noConfiguredAuthoritiesIsBadInput() throws {
        expectDirectoryError(.consensusNoAuthorities) {
            try Self.consensus().verified(authorities: [], certificates: Fixtures.verifiedCertificates(),
                                          atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        }
    }
}
