/// The one error shape of the modules above `TorCore` whose errors carry nothing beyond it
/// (`SocksError`, `ControlPortError`, `TorClientError`): each module names its own
/// specialization with a typealias, so its codes are a type of their own and its call sites
/// read `SocksError(.handshakeTimeout, kind: .resource, "...")`.
///
/// Carries a stable ``Code`` (for tests and for tools that match on it), the ``Kind`` that tells
/// callers how to react, a human reason that says what went wrong and, where a user can act,
/// what to do, and where it was raised (STYLE.md "Errors and logs").
///
/// `Domain` is an empty marker type owned by the module, never instantiated; it only keeps
/// one module's codes and errors apart from another's.
public struct ModuleError<Domain>: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; each area declares its own in an extension beside its code.
    public typealias Code = ErrorCode<Domain>

    /// How the caller should treat the error (the same kinds in every module).
    public typealias Kind = ErrorKind

    /// The stable code of this error.
    public let code: Code
    /// How the caller should react.
    public let kind: Kind
    /// What went wrong and, where a user can act, what to do.
    public let reason: String
    /// The source file that raised the error.
    public let file: String
    /// The line of `file` that raised the error.
    public let line: Int

    /// An error with `code`, `kind` and `reason`, raised at the caller's file and line.
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

    /// The reason followed by the code in brackets.
    public var description: String { "\(reason) [\(code)]" }
}
