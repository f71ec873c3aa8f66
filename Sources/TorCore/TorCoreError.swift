/// The one error type of the `TorCore` module.
///
/// Every error carries a stable ``Code`` (for tests and for tools that match on it), a human
/// reason that says what went wrong and, where a user can act, what to do, the ``Kind`` that
/// tells callers how to react, and where it was raised.
public struct TorCoreError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; each area declares its own in an extension beside its code.
    public typealias Code = ErrorCode<TorCoreError>

    /// How the caller should treat the error (the same kinds in every module).
    public typealias Kind = ErrorKind

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
