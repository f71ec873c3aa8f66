import Testing
@testable import TorCore

@Suite struct Ed25519CertificateTests {
    // cert-spec 2.1, field by field: VERSION 01, CERT_TYPE 04 (identity -> signing),
    // EXPIRATION_DATE 0007A8E0 hours, CERT_KEY_TYPE 01, CERTIFIED_KEY 32 x 11, N_EXTENSIONS 01,
    // extension: ExtLength 0020, ExtType 04 (signed-with-ed25519-key), ExtFlags 01, 32 x 22;
    // SIGNATURE 64 x 33.
    let signed = "01 04 0007A8E0 01" + repeated(0x11, 32) + "01" + "0020 04 01" + repeated(0x22, 32)
    var vector: String { signed + repeated(0x33, 64) }

    @Test func decodesEveryField() throws {
        let certificate = try Ed25519Certificate(bytes: hex(vector))
        #expect(certificate.version == 1)
        #expect(certificate.certType == .ed25519IdentitySigning)
        #expect(certificate.expirationHours == 0x0007_A8E0)
        #expect(certificate.certifiedKeyType == Ed25519Certificate.certifiedKeyEd25519)
        #expect(certificate.certifiedKey == hex(repeated(0x11, 32)))
        #expect(certificate.extensions == [.signedWithEd25519Key(hex(repeated(0x22, 32)), flags: .affectsValidation)])
        #expect(certificate.signingKey == hex(repeated(0x22, 32)))
        #expect(certificate.signature == hex(repeated(0x33, 64)))
        #expect(certificate.signedBytes == hex(signed))
        #expect(certificate.encode() == hex(vector))
    }

    @Test func buildingFromFieldsGivesTheSameBytes() throws {
        let built = try Ed25519Certificate(
            certType: .ed25519IdentitySigning, expirationHours: 0x0007_A8E0,
            certifiedKeyType: Ed25519Certificate.certifiedKeyEd25519, certifiedKey: hex(repeated(0x11, 32)),
            extensions: [.signedWithEd25519Key(hex(repeated(0x22, 32)), flags: .affectsValidation)], signature: hex(repeated(0x33, 64)))
        #expect(built.encode() == hex(vector))
        #expect(built == (try Ed25519Certificate(bytes: hex(vector))))
    }

    @Test func expiresAfterTheLastSecondOfItsHour() throws {
        let certificate = try Ed25519Certificate(bytes: hex(vector))
        let expiration = Int64(0x0007_A8E0) * 3600
        #expect(certificate.expirationTime == expiration)
        #expect(!certificate.isExpired(atUnixTime: expiration - 1))
        #expect(!certificate.isExpired(atUnixTime: expiration))
        #expect(certificate.isExpired(atUnixTime: expiration + 1))
    }

    @Test func aCertificateWithoutExtensionsHasNoSigningKey() throws {
        // A signing -> link certificate: type 05, key type 03 (SHA-256 of X.509), no extensions.
        let bytes = hex("01 05 0007A8E0 03" + repeated(0x66, 32) + "00" + repeated(0x77, 64))
        let certificate = try Ed25519Certificate(bytes: bytes)
        #expect(certificate.certType == .ed25519SigningLink)
        #expect(certificate.certifiedKeyType == Ed25519Certificate.certifiedKeySHA256OfX509)
        #expect(certificate.extensions.isEmpty)
        #expect(certificate.signingKey == nil)
        #expect(certificate.signedBytes.count == 40)
        #expect(certificate.encode() == bytes)
    }

    @Test func anUnknownExtensionThatDoesNotAffectValidationIsKept() throws {
        let bytes = hex("01 04 0007A8E0 01" + repeated(0x11, 32) + "01" + "0002 09 00 ABCD" + repeated(0x33, 64))
        let certificate = try Ed25519Certificate(bytes: bytes)
        #expect(certificate.extensions == [
            Ed25519CertificateExtension(type: .init(rawValue: 9), flags: [], data: [0xAB, 0xCD]),
        ])
        #expect(certificate.encode() == bytes)
    }

    @Test func aVersionOtherThanOneIsRefused() {
        expectError(.certificateUnsupportedVersion) {
            _ = try Ed25519Certificate(bytes: hex("02" + vector.dropFirst(2)))
        }
    }

    @Test func anUnknownExtensionThatAffectsValidationIsRefused() {
        let bytes = hex("01 04 0007A8E0 01" + repeated(0x11, 32) + "01" + "0002 09 01 ABCD" + repeated(0x33, 64))
        expectError(.certificateUnknownCriticalExtension) { _ = try Ed25519Certificate(bytes: bytes) }
    }

    @Test func aSigningKeyExtensionOfTheWrongLengthIsRefused() {
        let bytes = hex("01 04 0007A8E0 01" + repeated(0x11, 32) + "01" + "001F 04 01" + repeated(0x22, 31) + repeated(0x33, 64))
        expectError(.certificateBadExtension) { _ = try Ed25519Certificate(bytes: bytes) }
    }

    @Test func twoSigningKeyExtensionsAreRefused() {
        let ext = "0020 04 01" + repeated(0x22, 32)
        let bytes = hex("01 04 0007A8E0 01" + repeated(0x11, 32) + "02" + ext + ext + repeated(0x33, 64))
        expectError(.certificateBadExtension) { _ = try Ed25519Certificate(bytes: bytes) }
    }

    @Test func aTruncatedExtensionIsRefused() {
        let bytes = hex("01 04 0007A8E0 01" + repeated(0x11, 32) + "01" + "0040 09 00" + repeated(0x22, 32))
        expectError(.certificateTruncated) { _ = try Ed25519Certificate(bytes: bytes) }
    }

    @Test func aMissingSignatureByteIsRefused() {
        expectError(.certificateTruncated) { _ = try Ed25519Certificate(bytes: Array(hex(vector).dropLast())) }
    }

    @Test func aCertificateCutInTheHeaderIsRefused() {
        expectError(.certificateTruncated) { _ = try Ed25519Certificate(bytes: hex("01 04 0007")) }
        expectError(.certificateTruncated) { _ = try Ed25519Certificate(bytes: []) }
    }

    @Test func bytesAfterTheSignatureAreRefused() {
        expectError(.certificateTrailingBytes) { _ = try Ed25519Certificate(bytes: hex(vector + "00")) }
    }

    @Test func buildingRefusesAWrongKeyLength() {
        expectError(.certificateUnencodable) {
            _ = try Ed25519Certificate(
                certType: .ed25519SigningLink, expirationHours: 1, certifiedKeyType: 3,
                certifiedKey: [1], extensions: [], signature: hex(repeated(0, 64)))
        }
    }
}

@Suite struct RSACrosscertTests {
    // cert-spec 2.3: ED25519_KEY 32 x 44, EXPIRATION_DATE 0007A8E0 hours, SIGLEN 80 (128),
    // SIGNATURE 128 x 55.
    let signed = repeated(0x44, 32) + "0007A8E0"
    var vector: String { signed + "80" + repeated(0x55, 128) }

    @Test func decodesEveryField() throws {
        let crosscert = try RSACrosscert(bytes: hex(vector))
        #expect(crosscert.ed25519Key == hex(repeated(0x44, 32)))
        #expect(crosscert.expirationHours == 0x0007_A8E0)
        #expect(crosscert.signature == hex(repeated(0x55, 128)))
        #expect(crosscert.signedBytes == hex(signed))
        #expect(crosscert.encode() == hex(vector))
        #expect(RSACrosscert.signaturePrefixBytes == Array("Tor TLS RSA/Ed25519 cross-certificate".utf8))
        #expect(!crosscert.isExpired(atUnixTime: Int64(0x0007_A8E0) * 3600))
        #expect(crosscert.isExpired(atUnixTime: Int64(0x0007_A8E0) * 3600 + 1))
    }

    @Test func buildingFromFieldsGivesTheSameBytes() throws {
        let built = try RSACrosscert(ed25519Key: hex(repeated(0x44, 32)), expirationHours: 0x0007_A8E0, signature: hex(repeated(0x55, 128)))
        #expect(built.encode() == hex(vector))
    }

    @Test func aSignatureShorterThanSiglenIsRefused() {
        expectError(.certificateTruncated) { _ = try RSACrosscert(bytes: Array(hex(vector).dropLast())) }
    }

    @Test func aCrosscertCutBeforeSiglenIsRefused() {
        expectError(.certificateTruncated) { _ = try RSACrosscert(bytes: hex(signed)) }
    }

    @Test func bytesAfterTheSignatureAreRefused() {
        expectError(.certificateTrailingBytes) { _ = try RSACrosscert(bytes: hex(vector + "FF")) }
    }

    @Test func buildingRefusesAWrongKeyLength() {
        expectError(.certificateUnencodable) {
            _ = try RSACrosscert(ed25519Key: [1, 2], expirationHours: 1, signature: [])
        }
    }
}
