import TorCore
import Testing
@testable import Directory

/// The keyword rule table, on a made-up document type so each rule is tested alone.
@Suite("Keyword rule tables (dir-spec 1.2 multiplicities)")
struct DocumentRulesTests {
    static let rules = DocumentRules("test document", [
        KeywordRule("begin", .exactlyOnce, position: .atStart, minimumArguments: 1),
        KeywordRule("once", .exactlyOnce, minimumArguments: 2, maximumArguments: 3),
        KeywordRule("maybe", .atMostOnce),
        KeywordRule("many", .onceOrMore),
        KeywordRule("keyed", .atMostOnce, maximumArguments: 0, object: .required(labels: ["KEY", "OLD KEY"])),
        KeywordRule("free", .anyNumber, object: .optional),
        KeywordRule("end", .exactlyOnce, position: .atEnd, maximumArguments: 0),
    ], foreignKeywords: ["elsewhere"])

    static let key = "-----BEGIN KEY-----\nZm9v\n-----END KEY-----\n"
    static let valid = "begin 1\nonce a b\nmany\nunknown-keyword x\nmany 2\nkeyed\n\(key)free\n\(key)free\nend\n"

    func check(_ text: String) throws -> DocumentSection {
        try Self.rules.check(DirectoryDocumentReader.items(in: Array(text.utf8))[...])
    }

    @Test func acceptsAValidDocumentAndGroupsItsItems() throws {
        let section = try check(Self.valid)
        #expect(section.all("many").map(\.lineNumber) == [3, 5])
        #expect(section.first("once")?.arguments == ["a", "b"])
        #expect(section.first("maybe") == nil)
        #expect(section.items.count == 9)
        // Unknown keywords are kept in the section but not indexed.
        #expect(section.all("unknown-keyword").isEmpty)
        #expect(section.items[3].keyword == "unknown-keyword")
    }

    @Test func acceptsAnAlternativeObjectLabel() throws {
        let text = Self.valid.replacingOccurrences(of: "keyed\n-----BEGIN KEY-----\nZm9v\n-----END KEY-----\n",
                                                   with: "keyed\n-----BEGIN OLD KEY-----\nZm9v\n-----END OLD KEY-----\n")
        #expect(try check(text).first("keyed")?.object?.label == "OLD KEY")
    }

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let text: String
        let code: DirectoryError.Code
        let line: Int
        let keyword: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "required item missing", text: "begin 1\nmany\nend\n", code: .itemMissing, line: 1, keyword: "once"),
        Case(name: "once-or-more item missing", text: "begin 1\nonce a b\nend\n", code: .itemMissing, line: 1, keyword: "many"),
        Case(name: "opening item missing", text: "once a b\nmany\nend\n", code: .itemMissing, line: 1, keyword: "begin"),
        Case(name: "exactly-once item repeated", text: "begin 1\nonce a b\nmany\nonce c d\nend\n",
             code: .itemRepeated, line: 4, keyword: "once"),
        Case(name: "at-most-once item repeated", text: "begin 1\nonce a b\nmany\nmaybe\nmaybe\nend\n",
             code: .itemRepeated, line: 5, keyword: "maybe"),
        Case(name: "opening item not first", text: "once a b\nbegin 1\nmany\nend\n",
             code: .itemPosition, line: 2, keyword: "begin"),
        Case(name: "closing item not last", text: "begin 1\nonce a b\nend\nmany\n",
             code: .itemPosition, line: 3, keyword: "end"),
        Case(name: "too few arguments", text: "begin 1\nonce a\nmany\nend\n", code: .itemArguments, line: 2, keyword: "once"),
        Case(name: "too many arguments", text: "begin 1\nonce a b c d\nmany\nend\n",
             code: .itemArguments, line: 2, keyword: "once"),
        Case(name: "no extra arguments allowed", text: "begin 1\nonce a b\nmany\nend now\n",
             code: .itemArguments, line: 4, keyword: "end"),
        Case(name: "required object missing", text: "begin 1\nonce a b\nmany\nkeyed\nend\n",
             code: .itemObject, line: 4, keyword: "keyed"),
        Case(name: "object with the wrong label",
             text: "begin 1\nonce a b\nmany\nkeyed\n-----BEGIN SIGNATURE-----\nZm9v\n-----END SIGNATURE-----\nend\n",
             code: .itemObject, line: 4, keyword: "keyed"),
        Case(name: "object where none is allowed", text: "begin 1\nonce a b\nmany\n\(key)end\n",
             code: .itemObject, line: 3, keyword: "many"),
        Case(name: "keyword of another section", text: "begin 1\nonce a b\nelsewhere\nmany\nend\n",
             code: .itemPosition, line: 3, keyword: "elsewhere"),
    ]

    @Test(arguments: cases)
    func reportsEachViolation(_ testCase: Case) {
        expectDirectoryError(testCase.code, line: testCase.line, keyword: testCase.keyword) {
            try check(testCase.text)
        }
    }

    @Test func missingItemInAnEmptySectionIsReportedAtTheGivenLine() {
        expectDirectoryError(.itemMissing, line: 42, keyword: "begin") {
            try Self.rules.check([], startLine: 42)
        }
    }
}
