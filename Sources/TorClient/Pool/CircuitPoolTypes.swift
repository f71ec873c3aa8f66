/// The pool's number for a circuit: small, decimal, unique for the life of the process, and
/// distinct from the link-level ``Circuit/CircuitID`` (control-spec.txt §4.1.1 "CircuitID").
public struct CircuitPoolID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number, 1 for the first circuit.
    public let rawValue: UInt32

    /// The ID with number `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Launch order: a smaller number was launched earlier.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The decimal number, as GETINFO circuit-status and CIRC events print it.
    public var description: String { "\(rawValue)" }
}

/// One stream request waiting in the pool for a circuit.
public struct StreamRequestID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// A number unique within one state machine.
    public let rawValue: UInt64

    /// The ID with number `rawValue`.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `request#N`.
    public var description: String { "request#\(rawValue)" }
}

/// A circuit's status as the control port reports it (control-spec.txt §4.1.1 "CircStatus");
/// open, so statuses this client does not produce still fit.
public struct CircuitStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The keyword, such as `BUILT`.
    public let rawValue: String

    /// The status with keyword `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An ID was assigned and the build started.
    public static let launched = CircuitStatus(rawValue: "LAUNCHED")
    /// Every hop is done; the circuit takes streams.
    public static let built = CircuitStatus(rawValue: "BUILT")
    /// One more hop was completed.
    public static let extended = CircuitStatus(rawValue: "EXTENDED")
    /// Closed before it was built.
    public static let failed = CircuitStatus(rawValue: "FAILED")
    /// Closed after it was built.
    public static let closed = CircuitStatus(rawValue: "CLOSED")

    /// The keyword.
    public var description: String { rawValue }
}

/// Why a circuit failed or closed (control-spec.txt §4.1.1 "Reason"); open for unknown reasons.
public struct CircuitCloseReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The keyword, such as `FINISHED`.
    public let rawValue: String

    /// The reason with keyword `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Used up: dirty past MaxCircuitDirtiness, or retired by NEWNYM, with no streams left.
    public static let finished = CircuitCloseReason(rawValue: "FINISHED")
    /// The build took longer than CircuitBuildTimeout.
    public static let timeout = CircuitCloseReason(rawValue: "TIMEOUT")
    /// The circuit source could not build it, or the network tore it down.
    public static let destroyed = CircuitCloseReason(rawValue: "DESTROYED")
    /// The pool was shut down.
    public static let requested = CircuitCloseReason(rawValue: "REQUESTED")
    /// Closed to stay within CircuitPoolMaxSize.
    public static let resourceLimit = CircuitCloseReason(rawValue: "RESOURCELIMIT")

    /// The keyword.
    public var description: String { rawValue }
}

/// What the pool's I/O shell must do for the ``CircuitPoolStateMachine``.
public enum CircuitPoolAction: Sendable, Equatable {
    /// Ask the circuit source for a circuit whose exit allows `exitPort` (nil: common ports),
    /// and report the outcome with `buildSucceeded` or `buildFailed`.
    case launch(CircuitPoolID, exitPort: UInt16?)
    /// Stop a build and close whatever it produces; the machine has already forgotten it.
    case abandonBuild(CircuitPoolID, reason: CircuitCloseReason)
    /// Close an open circuit; the machine has already forgotten it.
    case close(CircuitPoolID, reason: CircuitCloseReason)
    /// Hand the circuit to a waiting request; the stream is already counted on it.
    case attach(StreamRequestID, CircuitPoolID)
    /// The request can never be served (the pool shut down).
    case failRequest(StreamRequestID)
}
