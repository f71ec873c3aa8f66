/// One logical `Keyword value` line of a torrc, as the lexer read it.
///
/// Invariant: `keyword` is non-empty and has no whitespace; `value` has no leading or trailing
/// whitespace, continuation backslashes and comments are already removed, and quoted values are
/// already unescaped. `line` is the 1-based line on which the keyword starts (tor(1), "THE
/// CONFIGURATION FILE FORMAT").
public struct TorrcEntry: Sendable, Equatable {
    /// The keyword as written (before it is matched, case-insensitively, to an option name).
    public var keyword: String
    /// The value with its own internal spacing kept.
    public var value: String
    /// The file name shown in messages (as given to the parser, e.g. `torrc`).
    public var fileName: String
    /// The 1-based line on which the keyword starts.
    public var line: Int

    /// Creates an entry; the lexer is the usual source.
    public init(keyword: String, value: String, fileName: String, line: Int) {
        self.keyword = keyword
        self.value = value
        self.fileName = fileName
        self.line = line
    }

    /// `file:line`, the prefix of every message about this entry.
    public var location: String { "\(fileName):\(line)" }

    /// The value split on runs of spaces and tabs, the way option arguments are read.
    var words: [Substring] {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// A bad-input error about this entry, formatted as
    /// `torrc:12: SocksPort "abc": not a port number; use a port from 1 to 65535.`
    ///
    /// - Parameters:
    ///   - shown: the part of the value the problem is about (the whole value by default).
    ///   - problem: what is wrong.
    ///   - fix: what to do about it.
    func error(
        _ code: TorCoreError.Code, _ problem: String, fix: String, shown: String? = nil
    ) -> TorCoreError {
        let quoted = shown ?? value
        return TorCoreError(code, kind: .badInput, "\(location): \(keyword) \"\(quoted)\": \(problem); \(fix).")
    }

    /// ``error(_:_:fix:shown:)`` paired with this entry's line, for sorting collected errors.
    func located(
        _ code: TorCoreError.Code, _ problem: String, fix: String, shown: String? = nil
    ) -> (line: Int, error: TorCoreError) {
        (line, error(code, problem, fix: fix, shown: shown))
    }

    /// A warning about this entry.
    func warning(_ message: String) -> ConfigurationWarning {
        ConfigurationWarning(fileName: fileName, line: line, message: message)
    }
}
