import Circuit
import Directory
import FoundationEssentials
import TorCore

/// A circuit the pool handed to a stream: the open circuit, its pool ID and its path.
///
/// The stream is counted on the circuit until the caller reports
/// ``CircuitPool/streamDetached(from:)`` exactly once.
public struct PooledCircuit: Sendable {
    /// The pool's number for the circuit (GETINFO circuit-status, CIRC events).
    public let id: CircuitPoolID
    /// The open circuit, for opening the stream.
    public let handle: CircuitHandle
    /// Guard, middle and exit, in path order.
    public let relays: [Relay]
}

/// One circuit of the pool as GETINFO circuit-status reports it (control-spec.txt §4.1.1
/// fields): status, path, creation time, dirtiness, isolation and attached streams.
public struct CircuitPoolEntry: Sendable {
    /// The pool's number for the circuit.
    public let id: CircuitPoolID
    /// `LAUNCHED` while building, `BUILT` once open.
    public let status: CircuitStatus
    /// The path once built; empty while building (the source chooses it).
    public let relays: [Relay]
    /// When the build started, on the pool's clock.
    public let launchedAt: ResilienceInstant
    /// When the build started, by the wall clock (TIME_CREATED).
    public let timeCreated: Date
    /// True once a stream used the circuit or NEWNYM retired it.
    public let isDirty: Bool
    /// True after NEWNYM: the circuit takes no new streams.
    public let isRetired: Bool
    /// The isolation key of its first stream, nil while clean.
    public let isolation: StreamIsolationKey?
    /// Streams attached now.
    public let streamCount: Int
    /// The port the build was launched for, nil for common ports.
    public let targetPort: UInt16?
}

/// A change of a pooled circuit, for the control port's CIRC events (control-spec.txt §4.1.1).
public struct CircuitPoolEvent: Sendable {
    /// The pool's number for the circuit.
    public let id: CircuitPoolID
    /// LAUNCHED, BUILT, FAILED or CLOSED (a failed build gets FAILED then CLOSED, as in tor).
    public let status: CircuitStatus
    /// The path when the circuit was built; empty before.
    public let relays: [Relay]
    /// When the build started, by the wall clock (TIME_CREATED).
    public let timeCreated: Date
    /// For FAILED and CLOSED: why.
    public let reason: CircuitCloseReason?
}

extension TorClientError.Code {
    /// No circuit for the stream was ready before its deadline.
    public static let poolTimedOut: Self = "pool.timedOut"
    /// The pool was shut down; it serves no more streams.
    public static let poolShutDown: Self = "pool.shutDown"
    /// The pool broke its own invariant (a bug).
    public static let poolInternal: Self = "pool.internal"
}
