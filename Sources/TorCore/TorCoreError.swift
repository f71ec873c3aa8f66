/// The one error type of the `TorCore` module.
///
/// Every error carries a stable ``Code`` (for tests and for tools that match on it), a human
/// reason that says what went wrong and, where a user can act, what to do, the ``Kind`` that
/// tells callers how to react, and where it was raised.
public struct TorCoreError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted error code such as `cell.truncated`. Open, so each area of the module
    /// declares its own codes in an extension next to the code that throws them.
    public struct Code: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
    }

    /// How the caller should treat the error (STYLE.md: keep these apart).
    public enum Kind: Sendable, Equatable {
        /// The peer broke the protocol: tear down the circuit or channel.
        case protocolViolation
        /// Bad user input: a torrc, a SOCKS request, a command line.
        case badInput
        /// A resource limit or a timeout.
        case resource
        /// A local bug or an unexpected library failure.
        case internalFailure
    }

    public let code: Code
    public let kind: Kind
    public let reason: String
    /// The error that caused this one, when this error wraps another (for example the last
    /// failure behind `retry.exhausted`); `nil` for an error raised directly.
    public let underlying: (any Error)?
    public let file: String
    public let line: Int

    public init(
        _ code: Code, kind: Kind, _ reason: String, underlying: (any Error)? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.kind = kind
        self.reason = reason
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { "\(reason) [\(code)]" }
}
