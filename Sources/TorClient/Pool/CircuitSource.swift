import Circuit
import Directory

/// Where the circuit pool gets new circuits: chooses a path from the current verified network
/// view (guards from the guard manager) and builds it through the resilience policies.
///
/// The pool owns *when* and *how many*; a source owns *which relays* and *how*.
public protocol CircuitSource: Sendable {
    /// Builds a new three-hop circuit whose exit allows `exitPort`; with nil, a circuit whose
    /// exit allows the most commonly used ports, for building ahead of demand.
    ///
    /// Throws when no path can be chosen or every attempt failed; the error says why.
    func buildCircuit(exitPort: UInt16?) async throws -> BuiltCircuit
}

/// A circuit the source built, with the relays it was chosen from, so the pool can tell which
/// ports its exit allows and report its path.
public struct BuiltCircuit: Sendable {
    /// The open circuit.
    public let handle: CircuitHandle
    /// Guard, middle and exit as the network view listed them when the path was chosen.
    public let relays: [Relay]

    /// A built circuit over `relays`, in path order.
    public init(handle: CircuitHandle, relays: [Relay]) {
        self.handle = handle
        self.relays = relays
    }

    /// The last hop.
    public var exit: Relay? { relays.last }

    /// Whether the exit's policy summary allows streams to `port`.
    public func allowsExit(toPort port: UInt16) -> Bool {
        exit?.allowsExit(toPort: port) ?? false
    }
}
