import Synchronization

/// Who hands a SOCKS request's stream back to the circuit pool, exactly once: the request when
/// the exit answers BEGIN or RESOLVE (or the circuit fails it), or the client's departure while
/// the question is still out.
///
/// A departed client's stream stops counting on its circuit at once, so a circuit whose only
/// stream waits for an exit that never answers is idle to the pool and may be closed to make
/// room (which also ends the unanswered stream at the exit) instead of holding a place until
/// SocksTimeout. One per request; it may be asked again for each circuit the request tries.
final class PooledStreamClaim: Sendable {
    private enum State {
        /// No question is out on a pooled circuit.
        case idle
        /// BEGIN or RESOLVE is out on this circuit; the request still counts on it.
        case asking(CircuitPoolID)
        /// The client left; nothing more is asked.
        case departed
    }

    private let state = Mutex(State.idle)

    /// The request is about to ask on `circuit`. False when the client already left: the caller
    /// then gives the circuit back itself and asks nothing.
    func ask(on circuit: CircuitPoolID) -> Bool {
        state.withLock { state in
            if case .departed = state { return false }
            state = .asking(circuit)
            return true
        }
    }

    /// The question was answered or failed. True when the request still counts on the circuit
    /// (the caller gives it back when the stream ends); false when the departure already did.
    func answered() -> Bool {
        state.withLock { state in
            guard case .asking = state else { return false }
            state = .idle
            return true
        }
    }

    /// The client left. Returns the circuit to give back now, when a question is out on one.
    func depart() -> CircuitPoolID? {
        state.withLock { state in
            defer { state = .departed }
            if case .asking(let circuit) = state { return circuit }
            return nil
        }
    }
}
