import TorCore
import Testing
@testable import Directory

/// One case per meta-format failure, each with the code and document line it must report.
@Suite("Directory document reader: malformed input")
struct DirectoryDocumentReaderMalformedTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let code: DirectoryError.Code
        let line: Int
        var description: String { name }

        init(_ name: String, _ text: String, _ code: DirectoryError.Code, line: Int) {
            self.init(name, Array(text.utf8), code, line: line)
        }

        init(_ name: String, _ bytes: [UInt8], _ code: DirectoryError.Code, line: Int) {
            self.name = name
            self.bytes = bytes
            self.code = code
            self.line = line
        }
    }

    static let signature = "-----BEGIN SIGNATURE-----\nZm9v\n-----END SIGNATURE-----\n"

    static let cases: [Case] = [
        Case("last line without newline", "a 1\nb 2", .lineUnterminated, line: 2),
        Case("carriage return", "a 1\nb 2\r\n", .lineInvalidCharacter, line: 2),
        Case("NUL byte", "a\u{0}1\n", .lineInvalidCharacter, line: 1),
        Case("DEL byte", "a 1\u{7F}\n", .lineInvalidCharacter, line: 1),
        Case("invalid UTF-8 argument", [0x61, 0x20, 0xFF, 0x0A], .lineInvalidCharacter, line: 1),
        Case("keyword starting with a dash", "-a 1\n", .keywordInvalid, line: 1),
        Case("keyword with punctuation", "ok\na!b 1\n", .keywordInvalid, line: 2),
        Case("line starting with a space", " a 1\n", .keywordInvalid, line: 1),
        Case("object with no keyword line", signature, .objectUnexpected, line: 1),
        Case("END line with no object", "k\n-----END SIGNATURE-----\n", .objectUnexpected, line: 2),
        Case("object never ends", "k\n-----BEGIN SIGNATURE-----\nZm9v\n", .objectUnterminated, line: 2),
        Case("object ends at a cut line", "k\n-----BEGIN SIGNATURE-----\nZm9v", .lineUnterminated, line: 3),
        Case("END names another label", "k\n-----BEGIN SIGNATURE-----\nZm9v\n-----END KEY-----\n",
             .objectEndMismatch, line: 4),
        Case("second BEGIN inside an object",
             "k\n-----BEGIN SIGNATURE-----\n-----BEGIN SIGNATURE-----\n", .objectEndMismatch, line: 3),
        Case("BEGIN with four closing dashes", "k\n-----BEGIN SIGNATURE----\nZm9v\n", .objectBeginMalformed, line: 2),
        Case("BEGIN label with two spaces", "k\n-----BEGIN RSA  KEY-----\n", .objectBeginMalformed, line: 2),
        Case("BEGIN with empty label", "k\n-----BEGIN -----\n", .objectBeginMalformed, line: 2),
        Case("base64 with a stray character", "k\n-----BEGIN SIGNATURE-----\nZm*v\n-----END SIGNATURE-----\n",
             .objectBase64, line: 2),
        Case("base64 with a dangling character", "k\n-----BEGIN SIGNATURE-----\nZm9vY\n-----END SIGNATURE-----\n",
             .objectBase64, line: 2),
        Case("base64 with incomplete padding", "k\n-----BEGIN SIGNATURE-----\nZg=\n-----END SIGNATURE-----\n",
             .objectBase64, line: 2),
        Case("object over the size limit",
             "x 1\nk\n-----BEGIN SIGNATURE-----\n"
                + String(repeating: String(repeating: "A", count: 64) + "\n", count: 2_800)
                + "-----END SIGNATURE-----\n",
             .objectTooLarge, line: 3),
    ]

    @Test(arguments: cases)
    func reportsCodeAndLine(_ testCase: Case) {
        expectDirectoryError(testCase.code, line: testCase.line) {
            try DirectoryDocumentReader.items(in: testCase.bytes)
        }
    }

    @Test func errorsArePeerProtocolViolationsThatNameTheirLine() {
        do throws(DirectoryError) {
            _ = try DirectoryDocumentReader.items(in: Array("a 1\nb 2".utf8))
            Issue.record("no error")
        } catch {
            #expect(error.kind == .protocolViolation)
            #expect(error.description.hasPrefix("line 2: "))
        }
    }
}
