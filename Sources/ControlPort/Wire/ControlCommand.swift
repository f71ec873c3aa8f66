/// One command a controller sent (control-spec.txt §2.2, §2.3).
///
/// Invariant: `keyword` is upper-cased ASCII letters/digits (keywords are case-insensitive,
/// §3); `arguments` is the rest of the first line after one separating space, undecoded;
/// `data` is the dot-unstuffed body of a `+KEYWORD` command with lines joined by "\n", or nil.
public struct ControlCommand: Sendable, Equatable {
    /// The upper-cased command keyword, e.g. `GETINFO`.
    public var keyword: String
    /// The raw argument text after the keyword (may contain quoted strings).
    public var arguments: String
    /// The body of a multi-line command (§2.3 CmdData), unstuffed, lines joined by "\n".
    public var data: String?

    /// A command value; `keyword` is upper-cased.
    public init(keyword: String, arguments: String = "", data: String? = nil) {
        self.keyword = keyword.uppercased()
        self.arguments = arguments
        self.data = data
    }

    /// The arguments split and decoded per §2.1 (quoted strings, key=value pairs).
    public func parsedArguments() throws(ControlPortError) -> [ControlArgument] {
        try ControlArgumentParser.parse(arguments)
    }
}
