import TorCore
import ControlPort
import Testing

@Suite struct ControlArgumentParserTests {
    @Test func bareWordsAndSpaces() throws {
        let arguments = try ControlArgumentParser.parse("  version   status/bootstrap-phase ")
        #expect(arguments.map(\.value) == ["version", "status/bootstrap-phase"])
        #expect(arguments.allSatisfy { $0.key == nil && !$0.wasQuoted })
    }

    @Test func keyValueQuotedAndUnquoted() throws {
        let arguments = try ControlArgumentParser.parse("SocksPort=9050 Log=\"notice stdout\" Empty= Bare")
        #expect(arguments == [
            ControlArgument(key: "SocksPort", bytes: Array("9050".utf8)),
            ControlArgument(key: "Log", bytes: Array("notice stdout".utf8), wasQuoted: true),
            ControlArgument(key: "Empty", bytes: []),
            ControlArgument(bytes: Array("Bare".utf8)),
        ])
    }

    @Test func quotedStringEscapes() throws {
        let arguments = try ControlArgumentParser.parse(#""a\"b\\c\nd\te\rf\101\0g\x41\q""#)
        #expect(arguments.count == 1)
        #expect(arguments[0].bytes == Array("a\"b\\c\nd\te\rfA".utf8) + [0] + Array("gAq".utf8))
        #expect(arguments[0].wasQuoted)
    }

    @Test func quotedSpacesStayInOneArgument() throws {
        #expect(try ControlArgumentParser.parse(#""correct horse" x"#).map(\.value) == ["correct horse", "x"])
    }

    @Test func quoteRoundTrips() throws {
        let text = "tab\there \"q\" back\\slash\nnew\u{1}ctl é"
        let quoted = ControlArgumentParser.quote(text)
        #expect(quoted == #""tab\there \"q\" back\\slash\nnew\001ctl é""#)
        #expect(try ControlArgumentParser.parse(quoted)[0].value == text)
    }

    @Test(arguments: [
        #""unterminated"#, #""ends in backslash\"#, #""bad hex \xZZ""#, #""octal \777""#,
        #"=value"#, #"wo"rd"#, #"Key=va"lue"#, #""a"b"#,
    ])
    func malformedArgumentsThrowSyntax(_ text: String) {
        var code: ControlPortError.Code?
        do { _ = try ControlArgumentParser.parse(text) } catch { code = error.code }
        #expect(code == .argumentSyntax)
    }

    @Test func tooManyArguments() {
        let text = Array(repeating: "k", count: ControlLimits.maximumArgumentCount + 1).joined(separator: " ")
        var code: ControlPortError.Code?
        do { _ = try ControlArgumentParser.parse(text) } catch { code = error.code }
        #expect(code == .tooManyArguments)
    }
}
