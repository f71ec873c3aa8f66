/// A stable, dotted error code such as `cell.truncated`, shared in shape by every module's one
/// error type (`TorCoreError`, `CircuitError`, `DirectoryError`, `SocksError`, `ControlPortError`).
///
/// `Domain` is the error type the code belongs to (for a ``ModuleError``, its module's marker
/// type), so each module's codes are a type of their own (`CircuitError.Code`) and each area
/// declares its codes in an extension beside its code:
/// `extension CircuitError.Code { public static let channelClosed: Self = "circuit.channelClosed" }`.
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// How a caller should treat an error (STYLE.md: keep these apart), the same for every module.
public enum ErrorKind: Sendable, Equatable {
    /// The peer (a relay, a SOCKS client, a controller) broke the protocol: tear down what it
    /// was using (circuit, channel, connection).
    case protocolViolation
    /// Bad user input: a torrc, a SOCKS request, a command line, a configuration value.
    case badInput
    /// A resource limit or a timeout.
    case resource
    /// A local bug or an unexpected library or file-system failure.
    case internalFailure
}
