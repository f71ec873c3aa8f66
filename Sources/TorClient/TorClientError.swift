import TorCore

/// The one error type of the `TorClient` module: what went wrong starting, running or reconfiguring the client.
///
/// Carries a stable Code, the Kind that tells the caller how to react, a human reason
/// that says what to do where a user can act, and where it was raised.
public struct TorClientError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; each area declares its own in an extension beside its code.
    public typealias Code = ErrorCode<TorClientError>

    /// How the caller should treat the error (the same kinds in every module).
    public typealias Kind = ErrorKind

    public let code: Code
    public let kind: Kind
    public let reason: String
    public let file: String
    public let line: Int

    public init(
        _ code: Code, kind: Kind, _ reason: String,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.kind = kind
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { "\(reason) [\(code)]" }
}
