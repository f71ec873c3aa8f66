import Testing
@testable import TorCore

/// Parsing helpers shared by the configuration tests: a fixed home directory and file name, so
/// results do not depend on who runs the tests.
enum TorrcFixture {
    static let home = "/home/tester"
    static let fileName = "torrc"

    static func parse(_ text: String) throws -> (TorConfiguration, [ConfigurationWarning]) {
        try TorConfiguration.parse(text: text, fileName: fileName, homeDirectory: home)
    }

    /// The configuration of `text`, which must be valid.
    static func configuration(_ text: String) throws -> TorConfiguration {
        try parse(text).0
    }

    /// The warnings of `text`, which must be valid.
    static func warnings(_ text: String) throws -> [ConfigurationWarning] {
        try parse(text).1
    }

    /// The problems of `text`, which must be invalid; nil (a test failure) when it parses.
    static func problems(_ text: String) -> ConfigurationProblems? {
        do {
            _ = try parse(text)
            return nil
        } catch let problems as ConfigurationProblems {
            return problems
        } catch {
            return nil
        }
    }

    /// The single error of `text`, which must have exactly one.
    static func onlyError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TorCoreError {
        let found = try #require(problems(text), "expected the torrc to be rejected", sourceLocation: sourceLocation)
        try #require(found.errors.count == 1, "expected one error, got \(found.errors.map(\.reason))", sourceLocation: sourceLocation)
        return found.errors[0]
    }

    /// The entry a lexer test expects.
    static func entry(_ keyword: String, _ value: String, line: Int) -> TorrcEntry {
        TorrcEntry(keyword: keyword, value: value, fileName: fileName, line: line)
    }

    /// A 40-hex-digit fingerprint made of one repeated digit.
    static func fingerprint(_ digit: Character) -> String {
        String(repeating: digit, count: 40)
    }
}
