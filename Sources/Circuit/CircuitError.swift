import TorCore

/// The one error type of the `Circuit` module: what went wrong in a channel, circuit or stream.
///
/// Carries a stable Code, the Kind that tells the caller how to react, a human reason
/// that says what to do where a user can act, and where it was raised.
public struct CircuitError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; each area declares its own in an extension beside its code.
    public typealias Code = ErrorCode<CircuitError>

    /// How the caller should treat the error (the same kinds in every module).
    public typealias Kind = ErrorKind

    public let code: Code
    public let kind: Kind
    public let reason: String
    /// The reason byte of the RELAY_END that closed or refused a stream (tor-spec 6.3), so a
    /// caller (the SOCKS reply) can act on it; nil for errors that did not come from an END.
    public let endReason: EndReason?
    /// The reason byte of the DESTROY or RELAY_TRUNCATED that closed a circuit (tor-spec 5.4);
    /// nil for errors that did not come from one.
    public let destroyReason: DestroyReason?
    public let file: String
    public let line: Int

    public init(
        _ code: Code, kind: Kind, _ reason: String,
        endReason: EndReason? = nil, destroyReason: DestroyReason? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.kind = kind
        self.reason = reason
        self.endReason = endReason
        self.destroyReason = destroyReason
        self.file = file
        self.line = line
    }

    public var description: String { "\(reason) [\(code)]" }
}
