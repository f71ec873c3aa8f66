/// One decoded argument of a control command (control-spec.txt §2.1).
///
/// Either a positional value (`key == nil`), or `Key=Value` (`Key=` has an empty value). `bytes` is the value after
/// QuotedString decoding; `wasQuoted` tells whether it came in double quotes.
public struct ControlArgument: Sendable, Equatable {
    /// The key before "=", or nil for a positional argument.
    public var key: String?
    /// The value bytes after unescaping (empty for `Key` alone or `Key=`).
    public var bytes: [UInt8]
    /// Whether the value was written as a QuotedString.
    public var wasQuoted: Bool

    /// An argument value.
    public init(key: String? = nil, bytes: [UInt8], wasQuoted: Bool = false) {
        self.key = key
        self.bytes = bytes
        self.wasQuoted = wasQuoted
    }

    /// The value as text (invalid UTF-8 is repaired).
    public var value: String { String(decoding: bytes, as: UTF8.self) }
}
