import Testing
@testable import TorCore

/// The torrc syntax rules, with C tor 0.4.9's behaviour as the expected result (each quirk below
/// was checked with `tor --verify-config` / `--dump-config`).
@Suite struct TorrcLexerTests {
    private func lex(_ text: String) -> (entries: [TorrcEntry], errors: [(line: Int, error: TorCoreError)]) {
        TorrcLexer.entries(in: text, fileName: TorrcFixture.fileName)
    }

    @Test func keywordAndValueWithLineNumbers() {
        let result = lex("SocksPort 9050\nLog notice stdout\n")
        #expect(result.entries == [
            TorrcFixture.entry("SocksPort", "9050", line: 1),
            TorrcFixture.entry("Log", "notice stdout", line: 2),
        ])
        #expect(result.errors.isEmpty)
    }

    @Test func blankLinesAndSurroundingWhitespaceAreIgnored() {
        let result = lex("\n\n   \t SocksPort \t 9050  \t \n\n  \nLog notice")
        #expect(result.entries == [
            TorrcFixture.entry("SocksPort", "9050", line: 3),
            TorrcFixture.entry("Log", "notice", line: 6),
        ])
    }

    @Test func valuesKeepTheirInternalSpacing() {
        let result = lex("Log  notice   file  /tmp/a  b.log  \n")
        #expect(result.entries.first?.value == "notice   file  /tmp/a  b.log")
    }

    @Test func wholeLineCommentsAreSkipped() {
        let result = lex("# SocksPort 1\n   # indented comment\nSocksPort 9050\n#last")
        #expect(result.entries == [TorrcFixture.entry("SocksPort", "9050", line: 3)])
    }

    @Test func hashEndsTheValueAnywhere() {
        let result = lex("SocksPort 9100 # trailing comment\nDataDirectory /tmp/a#b\n")
        #expect(result.entries.map(\.value) == ["9100", "/tmp/a"])
    }

    @Test func hashRightAfterTheKeywordLeavesAnEmptyValue() {
        #expect(lex("SocksPort# nothing\n").entries == [TorrcFixture.entry("SocksPort", "", line: 1)])
    }

    @Test func backslashNewlineContinuesTheValue() {
        let result = lex("SocksPort 9100 \\\n  IsolateDestAddr \\\n  IsolateDestPort\nLog notice\n")
        #expect(result.entries == [
            TorrcFixture.entry("SocksPort", "9100   IsolateDestAddr   IsolateDestPort", line: 1),
            TorrcFixture.entry("Log", "notice", line: 4),
        ])
    }

    @Test func commentLineInsideAContinuationIsSkipped() {
        let result = lex("SocksPort 9100 \\\n# a comment line\n IsolateDestAddr\nLog notice\n")
        #expect(result.entries == [
            TorrcFixture.entry("SocksPort", "9100  IsolateDestAddr", line: 1),
            TorrcFixture.entry("Log", "notice", line: 4),
        ])
    }

    /// C tor drops a comment inside a continued value together with its line end, so the value
    /// goes on: tor 0.4.9 reads this as one SocksPort with both flags.
    @Test func commentAtTheEndOfAContinuedLineDoesNotEndTheValue() {
        let result = lex("SocksPort 9100 \\\n IsolateDestAddr # mid\n IsolateDestPort\nSocksPort 9200\n")
        #expect(result.entries == [
            TorrcFixture.entry("SocksPort", "9100  IsolateDestAddr  IsolateDestPort", line: 1),
            TorrcFixture.entry("SocksPort", "9200", line: 4),
        ])
    }

    @Test func quotedValuesAreUnescaped() {
        let result = lex(#"DataDirectory "/tmp/with space\t\x41\101\\\"" # comment"# + "\n")
        #expect(result.entries == [TorrcFixture.entry("DataDirectory", "/tmp/with space\tAA\\\"", line: 1)])
        #expect(result.errors.isEmpty)
    }

    @Test func hashInsideQuotesIsNotAComment() {
        #expect(lex("DataDirectory \"/tmp/a#b\"\n").entries.first?.value == "/tmp/a#b")
    }

    @Test func unterminatedQuoteIsAnErrorAndLexingGoesOn() throws {
        let result = lex("DataDirectory \"/tmp/a\nSocksPort 9050\n")
        #expect(result.entries == [TorrcFixture.entry("SocksPort", "9050", line: 2)])
        let problem = try #require(result.errors.first)
        #expect(problem.line == 1)
        #expect(problem.error.code == .configSyntax)
        #expect(problem.error.reason.hasPrefix("torrc:1: DataDirectory: the quoted value is not closed"))
    }

    @Test func textAfterAQuotedValueIsAnError() throws {
        let result = lex("DataDirectory \"/tmp/a\" extra\n")
        #expect(result.entries.isEmpty)
        #expect(result.errors.map(\.error.code) == [.configSyntax])
    }

    @Test func badEscapeIsAnError() {
        #expect(lex("DataDirectory \"a\\q\"\n").errors.map(\.error.code) == [.configSyntax])
    }

    @Test func carriageReturnLineEndsAreAccepted() {
        let result = lex("SocksPort 9100 \\\r\n IsolateDestAddr\r\nLog notice\r\n")
        #expect(result.entries.map(\.value) == ["9100  IsolateDestAddr", "notice"])
        #expect(result.entries.map(\.line) == [1, 3])
    }

    @Test func keywordsAreKeptAsWrittenByTheLexer() {
        #expect(lex("sOcKsPoRt 9050").entries.first?.keyword == "sOcKsPoRt")
    }
}
