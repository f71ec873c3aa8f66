import Circuit
import Testing
import TorCore

/// ``CertsVerifier`` against CERTS cells built from ``TestRelayKeys``: the whole chain passes,
/// and breaking any one link of it fails with that check's own code. Real relays' cells are
/// checked in IntegrationTests/LinkHandshakeTests.
@Suite struct CertsVerifierTests {
    typealias Keys = TestRelayKeys

    /// One way to break the chain, and the code it must produce.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let code: CircuitError.Code
        var now = Keys.now
        var expected = Keys.identity
        var tlsCertificate = TestTLSIdentity.certificateDER
        let change: @Sendable (inout RelayCertsBuilder) -> Void
        var testDescription: String { code.rawValue }
    }

    static let otherEd25519 = try! Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32))
    static let otherRSA = try! RSAPrivateKey.generate(bitCount: 1024)
    static let nowHours = UInt32(Keys.now / 3600)

    static let breakages: [Breakage] = [
        Breakage(code: .certsMissingRSAIdentity) { $0.omitted = [2] },
        Breakage(code: .certsMissingIdentitySigning) { $0.omitted = [4] },
        Breakage(code: .certsMissingSigningLink) { $0.omitted = [5] },
        Breakage(code: .certsMissingCrosscert) { $0.omitted = [7] },

        Breakage(code: .certsRSAIdentityMalformed) { $0.rsaIdentityCertificate = [0x30, 0x03, 0x02, 0x01, 0x01] },
        Breakage(code: .certsRSAIdentityKeySize) { $0.rsaIdentityCertificate = Keys.der(Keys.bigRSACertificatePEM) },
        Breakage(code: .certsRSAIdentityNotSelfSigned) { $0.rsaIdentityCertificate = Keys.der(Keys.notSelfSignedCertificatePEM) },
        Breakage(code: .certsRSAIdentityNotYetValid, now: Keys.certificatesValidFrom - CertsVerifier.x509ClockSkewAllowance - 1) { _ in },
        Breakage(code: .certsRSAIdentityExpired, now: Keys.certificatesValidUntil + CertsVerifier.x509ClockSkewAllowance + 1) { _ in },
        Breakage(code: .certsRSAIdentityMismatch, expected: try! RelayIdentity(rsaFingerprint: otherRSA.publicKey.fingerprint)) { _ in },

        Breakage(code: .certsCrosscertMalformed) { $0.replaced = [7: [UInt8](repeating: 7, count: 35)] },
        Breakage(code: .certsCrosscertBadSignature) { $0.crosscertSigner = otherRSA },
        Breakage(code: .certsCrosscertExpired) { $0.crosscertExpirationHours = nowHours - 1 },

        Breakage(code: .certsIdentitySigningMalformed) { $0.replaced = [4: [1, 4, 0, 0]] },
        Breakage(code: .certsIdentitySigningWrongType) { $0.identitySigningType = .ed25519SigningLink },
        Breakage(code: .certsIdentitySigningMissingIdentity) { $0.identitySigningNamedSigner = nil },
        Breakage(code: .certsIdentitySigningBadSignature) { $0.identitySigningSigner = otherEd25519 },
        Breakage(code: .certsCrosscertIdentityMismatch) { $0.crosscertIdentity = otherEd25519.publicKey },
        Breakage(
            code: .certsEd25519IdentityMismatch,
            expected: try! RelayIdentity(
                rsaFingerprint: Keys.rsaIdentityKey.publicKey.fingerprint, ed25519Identity: otherEd25519.publicKey)
        ) { _ in },
        Breakage(code: .certsIdentitySigningExpired) { $0.identitySigningExpirationHours = nowHours - 1 },

        Breakage(code: .certsSigningLinkMalformed) { $0.replaced = [5: [1, 5]] },
        Breakage(code: .certsSigningLinkWrongType) { $0.signingLinkType = .ed25519SigningAuthenticate },
        Breakage(code: .certsSigningLinkWrongSigner) { $0.signingLinkNamedSigner = otherEd25519.publicKey },
        Breakage(code: .certsSigningLinkBadSignature) { $0.signingLinkSigner = otherEd25519 },
        Breakage(code: .certsSigningLinkExpired) { $0.signingLinkExpirationHours = nowHours - 1 },
        Breakage(code: .certsSigningLinkTLSMismatch, tlsCertificate: Keys.der(Keys.bigRSACertificatePEM)) { _ in },
    ]

    @Test func theWholeChainPasses() throws {
        let builder = RelayCertsBuilder()
        let verified = try CertsVerifier.verify(
            try builder.build(), tlsCertificateDER: TestTLSIdentity.certificateDER, expected: Keys.identity, now: Keys.now)
        #expect(verified.rsaFingerprint == Keys.rsaIdentityKey.publicKey.fingerprint)
        #expect(verified.ed25519Identity == Keys.ed25519Identity.publicKey)
        #expect(verified.ed25519SigningKey == Keys.ed25519Signing.publicKey)
        // The type 5 certificate expires first.
        #expect(verified.validUntil == Int64(builder.signingLinkExpirationHours) * 3600)
        #expect(verified.relayIdentity == Keys.identity)
    }

    @Test func anyCrossCertifiedEd25519IdentityPassesWhenNoneIsExpected() throws {
        let expected = try RelayIdentity(rsaFingerprint: Keys.rsaIdentityKey.publicKey.fingerprint)
        let verified = try CertsVerifier.verify(
            try RelayCertsBuilder().build(), tlsCertificateDER: TestTLSIdentity.certificateDER, expected: expected, now: Keys.now)
        #expect(verified.ed25519Identity == Keys.ed25519Identity.publicKey)
    }

    @Test func aSigningLinkCertificateThatNamesItsSignerPasses() throws {
        var builder = RelayCertsBuilder()
        builder.signingLinkNamedSigner = Keys.ed25519Signing.publicKey
        _ = try CertsVerifier.verify(
            try builder.build(), tlsCertificateDER: TestTLSIdentity.certificateDER, expected: Keys.identity, now: Keys.now)
    }

    @Test func expiryIsInclusiveOfTheExpirationHour() throws {
        var builder = RelayCertsBuilder()
        builder.signingLinkExpirationHours = Self.nowHours
        let expiry = Int64(Self.nowHours) * 3600
        _ = try CertsVerifier.verify(
            try builder.build(), tlsCertificateDER: TestTLSIdentity.certificateDER, expected: Keys.identity, now: expiry)
        let error = #expect(throws: CircuitError.self) {
            try CertsVerifier.verify(
                try builder.build(), tlsCertificateDER: TestTLSIdentity.certificateDER, expected: Keys.identity, now: expiry + 1)
        }
        #expect(error?.code == .certsSigningLinkExpired)
    }

    @Test(arguments: breakages)
    func eachBrokenLinkHasItsOwnError(_ breakage: Breakage) throws {
        var builder = RelayCertsBuilder()
        breakage.change(&builder)
        let certs = try builder.build()
        let error = #expect(throws: CircuitError.self) {
            try CertsVerifier.verify(
                certs, tlsCertificateDER: breakage.tlsCertificate, expected: breakage.expected, now: breakage.now)
        }
        #expect(error?.code == breakage.code, "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.kind == .protocolViolation)
    }

    @Test func everyCheckHasADistinctCode() {
        let codes = Self.breakages.map(\.code)
        #expect(Set(codes).count == codes.count)
    }
}
