import TorCore
import Testing
@testable import Directory

/// One mutation of a real certificate per failure, with the code and line it must report.
/// Lines of the first certificate in keys-all.txt: 1 version, 2 dir-address, 3 fingerprint,
/// 4 published, 5 expires, 6 dir-identity-key, 18 dir-signing-key, 27 dir-key-crosscert,
/// 36 dir-key-certification; the second certificate starts at line 47.
@Suite("Authority key certificates: malformed input")
struct AuthorityKeyCertificateMalformedTests {
    static func firstCertificate() throws -> String {
        let text = try Fixtures.text("keys-all")
        return String(text[..<text.range(of: "dir-key-certificate-version", options: [], range: text.index(after: text.startIndex)..<text.endIndex)!.lowerBound])
    }

    func expectParse(
        _ code: DirectoryError.Code, line: Int, keyword: String? = nil,
        old: String, new: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let bytes = replacing(old, with: new, in: try Self.firstCertificate(), sourceLocation: sourceLocation)
        expectDirectoryError(code, line: line, keyword: keyword, sourceLocation: sourceLocation) {
            try AuthorityKeyCertificate(parsing: bytes)
        }
    }

    @Test func missingFingerprint() throws {
        try expectParse(.itemMissing, line: 1, keyword: "fingerprint",
                        old: "fingerprint 719D7F590886B74A49393E6C91C69CB17465E0E8\n", new: "")
    }

    @Test func repeatedPublished() throws {
        try expectParse(.itemRepeated, line: 5, keyword: "dir-key-published",
                        old: "dir-key-published 2026-11-23 02:17:31\n",
                        new: "dir-key-published 2026-11-23 02:17:31\ndir-key-published 2026-11-23 02:17:31\n")
    }

    @Test func unsupportedVersion() throws {
        try expectParse(.certificateVersion, line: 1, old: "dir-key-certificate-version 3", new: "dir-key-certificate-version 4")
    }

    @Test func fingerprintNotHex() throws {
        try expectParse(.valueMalformed, line: 3, keyword: "fingerprint",
                        old: "719D7F590886B74A49393E6C91C69CB17465E0E8", new: "719D7F590886B74A49393E6C91C69CB17465E0EX")
    }

    @Test func fingerprintTooShort() throws {
        try expectParse(.valueMalformed, line: 3, keyword: "fingerprint",
                        old: "719D7F590886B74A49393E6C91C69CB17465E0E8", new: "719D7F590886B74A49393E6C91C69CB17465E0")
    }

    @Test func impossibleDate() throws {
        try expectParse(.valueMalformed, line: 4, keyword: "dir-key-published",
                        old: "dir-key-published 2026-11-23", new: "dir-key-published 2026-13-23")
    }

    @Test func timeWithoutClock() throws {
        try expectParse(.itemArguments, line: 5, keyword: "dir-key-expires",
                        old: "dir-key-expires 2027-11-23 02:17:31", new: "dir-key-expires 2027-11-23")
    }

    @Test func extraArgumentOnAKeyItem() throws {
        try expectParse(.itemArguments, line: 6, keyword: "dir-identity-key",
                        old: "dir-identity-key\n", new: "dir-identity-key extra\n")
    }

    @Test func signingKeyThatIsNotRSA() throws {
        let text = try Self.firstCertificate()
        let start = try #require(text.range(of: "dir-signing-key\n-----BEGIN RSA PUBLIC KEY-----\n"))
        let end = try #require(text.range(of: "-----END RSA PUBLIC KEY-----", range: start.upperBound..<text.endIndex))
        let bytes = Array((text[..<start.upperBound] + "Zm9vYmFy\n" + text[end.lowerBound...]).utf8)
        expectDirectoryError(.valueMalformed, line: 18, keyword: "dir-signing-key") {
            try AuthorityKeyCertificate(parsing: bytes)
        }
    }

    @Test func keyObjectWithAnotherLabel() throws {
        let text = try Self.firstCertificate()
        let body = try #require(text.range(of: "dir-identity-key\n-----BEGIN RSA PUBLIC KEY-----"))
        var mutated = text.replacingCharacters(in: body, with: "dir-identity-key\n-----BEGIN PUBLIC KEY-----")
        let end = try #require(mutated.range(of: "-----END RSA PUBLIC KEY-----"))
        mutated.replaceSubrange(end, with: "-----END PUBLIC KEY-----")
        expectDirectoryError(.itemObject, line: 6, keyword: "dir-identity-key") {
            try AuthorityKeyCertificate(parsing: Array(mutated.utf8))
        }
    }

    @Test func crosscertWithoutObject() throws {
        let text = try Self.firstCertificate()
        let start = try #require(text.range(of: "dir-key-crosscert\n"))
        let end = try #require(text.range(of: "-----END ID SIGNATURE-----\n"))
        let bytes = Array((text[..<start.upperBound] + text[end.upperBound...]).utf8)
        expectDirectoryError(.itemObject, line: 27, keyword: "dir-key-crosscert") {
            try AuthorityKeyCertificate(parsing: bytes)
        }
    }

    @Test func crosscertWithoutTheIDPrefixParses() throws {
        let text = try Self.firstCertificate()
            .replacingOccurrences(of: "ID SIGNATURE-----", with: "SIGNATURE-----")
        let certificate = try AuthorityKeyCertificate(parsing: Array(text.utf8))
        #expect(certificate.crosscert.count == 256)
    }

    @Test func itemAfterTheCertification() throws {
        let bytes = Array((try Self.firstCertificate() + "x-extra 1\n").utf8)
        expectDirectoryError(.itemPosition, line: 36, keyword: "dir-key-certification") {
            try AuthorityKeyCertificate(parsing: bytes)
        }
    }

    @Test func certificationMissing() throws {
        let text = try Self.firstCertificate()
        let cut = try #require(text.range(of: "dir-key-certification\n"))
        expectDirectoryError(.itemMissing, line: 1, keyword: "dir-key-certification") {
            try AuthorityKeyCertificate(parsing: Array(text[..<cut.lowerBound].utf8))
        }
    }

    /// Items are checked in document order, so the first certificate's end is what breaks.
    @Test func twoCertificatesWhereOneIsExpected() throws {
        expectDirectoryError(.itemPosition, line: 36, keyword: "dir-key-certification") {
            try AuthorityKeyCertificate(parsing: Fixtures.bytes("keys-all"))
        }
    }

    @Test func batchNotStartingWithACertificate() throws {
        let bytes = Array(("fingerprint 00\n" + (try Fixtures.text("keys-all"))).utf8)
        expectDirectoryError(.itemPosition, line: 1, keyword: "fingerprint") {
            try AuthorityKeyCertificate.parseAll(bytes)
        }
    }

    @Test func errorInALaterCertificateNamesItsLineInTheBatch() throws {
        let text = try Fixtures.text("keys-all")
        let bytes = replacing("fingerprint 81B9D1535649C7265EDCDFE3939706A2EBDD871E",
                              with: "fingerprint 81B9D15356", in: text)
        expectDirectoryError(.valueMalformed, line: 49, keyword: "fingerprint") {
            try AuthorityKeyCertificate.parseAll(bytes)
        }
    }

    @Test func truncatedBatch() throws {
        let bytes = try Fixtures.bytes("keys-all").dropLast(40)
        expectDirectoryError(.lineUnterminated) {
            try AuthorityKeyCertificate.parseAll(Array(bytes))
        }
    }
}
