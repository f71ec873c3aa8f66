import NIOCore
import TorCore

/// Circuits to one exit joined into a conflux set (proposal 329), seen from the client: the
/// exit spreads the streams' cells over every leg's congestion window, and the set puts them
/// back in order. Lives on the legs' event loop, which they share: every leg runs over the
/// same channel (the same guard), so cells from all legs are handled on one loop without
/// locks.
///
/// The first leg is the primary: streams are opened on it and everything the client sends
/// on them goes through it, so the client never switches legs and sends no SWITCH. Each leg
/// keeps its own circuit SENDMEs (they follow the cells that leg carried). Multiplexed cells
/// (DATA, CONNECTED, END, RESOLVED, XON, XOFF) from any leg pass through a
/// ``ConfluxSequencer`` and then to the primary's streams.
///
/// When the second leg of a linked pair closes, no cell waits for an earlier one, and the
/// newest cell came on the primary, the primary goes on alone. That is tor 0.4.9's rule for
/// a closed leg (conflux_pool.c, cfx_del_leg): the set survives unless the leg had data in
/// flight, carried the highest sequence number, or was the one being sent on; an exit that
/// finds any of these on its side tears the set down itself. From then on any cell that
/// arrives early means one was lost with the leg, a hole nothing can fill: the set closes.
/// Any other loss of a linked set's leg (the primary, or one of three or more) closes every
/// leg, for the same reason. A leg lost while linking only releases the others, which carry
/// no stream yet.
final class ConfluxSet {
    enum State {
        /// LINK sent; the legs whose LINKED has not come yet.
        case linking(EventLoopPromise<Void>, waiting: Set<ObjectIdentifier>)
        case linked
        case closed
    }

    let nonce: [UInt8]
    private(set) var legs: [TorCircuit]
    private var sequencer: ConfluxSequencer<RelayCell>
    private var state: State
    /// Bounds the linking.
    private var linkTimer: Scheduled<Void>?
    /// Legs that closed while the set went on: their cells in flight, if any, are gone.
    private var lostLegs = 0

    /// The legs still open.
    var openLegCount: Int { legs.count - lostLegs }

    /// The leg streams live on.
    var primary: TorCircuit { legs[0] }

    private init(legs: [TorCircuit], nonce: [UInt8], promise: EventLoopPromise<Void>) {
        self.legs = legs
        self.nonce = nonce
        sequencer = ConfluxSequencer(legs: legs.count)
        state = .linking(promise, waiting: Set(legs.map(ObjectIdentifier.init)))
    }

    /// Sends CONFLUX_LINK on every leg (all open, with congestion control at their exit, on
    /// one event loop) and succeeds once the exit answered LINKED on each, each acknowledged
    /// with LINKED_ACK. On failure or after `timeout` the legs are released from the set
    /// (the caller decides whether to use the primary alone or close them).
    static func link(_ legs: [TorCircuit], timeout: TimeAmount) -> EventLoopFuture<Void> {
        let eventLoop = legs[0].eventLoop
        let promise = eventLoop.makePromise(of: Void.self)
        guard legs.count > 1, legs.allSatisfy({ $0.isOpen && $0.streamsUseCongestionControl && $0.conflux == nil }) else {
            promise.fail(CircuitError(
                .confluxLink, kind: .badInput,
                "Conflux links two or more open circuits whose exit negotiated congestion control; "
                    + "build them with congestion control first."))
            return promise.futureResult
        }
        let nonce = SecureRandom.bytes(ConfluxLinkMessage.nonceLength)
        let set = ConfluxSet(legs: legs, nonce: nonce, promise: promise)
        set.linkTimer = eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            set.failLinking(CircuitError(
                .confluxLink, kind: .resource,
                "The exit did not answer CONFLUX_LINK on every leg within \(timeout.nanoseconds / 1_000_000) ms."))
        }
        let link = ConfluxLink(ConfluxLinkMessage(nonce: nonce))
        for leg in legs {
            leg.conflux = set
            do {
                try leg.sendRelay(link, streamID: 0, toHop: leg.lastHop)
                leg.flush()
            } catch {
                set.failLinking(TorCircuit.circuitError(error))
                break
            }
        }
        return promise.futureResult
    }

    /// The exit's LINKED on `leg`: checks the nonce and answers LINKED_ACK.
    func receiveLinked(_ linked: ConfluxLinked, on leg: TorCircuit) throws {
        guard case .linking(let promise, var waiting) = state else {
            throw CircuitError(
                .confluxLink, kind: .protocolViolation,
                "the exit sent CONFLUX_LINKED on a leg that was already linked (proposal 329)")
        }
        guard linked.fields.nonce == nonce, waiting.remove(ObjectIdentifier(leg)) != nil else {
            throw CircuitError(
                .confluxLink, kind: .protocolViolation,
                "the exit's CONFLUX_LINKED names another set than this leg asked to join (proposal 329)")
        }
        try leg.sendRelay(ConfluxLinkedAck(), streamID: 0, toHop: leg.lastHop)
        leg.mux?.flushNow()
        if waiting.isEmpty {
            linkTimer?.cancel()
            linkTimer = nil
            state = .linked
            promise.succeed()
        } else {
            state = .linking(promise, waiting: waiting)
        }
    }

    /// A SWITCH on `leg`: its sequence numbers jump.
    func receiveSwitch(_ message: ConfluxSwitch, on leg: TorCircuit) throws {
        guard case .linked = state, let index = index(of: leg) else {
            throw CircuitError(
                .confluxLink, kind: .protocolViolation,
                "the exit sent CONFLUX_SWITCH before the set was linked (proposal 329)")
        }
        sequencer.receiveSwitch(relative: message.relativeSequence, onLeg: index)
    }

    /// A multiplexed cell on `leg`, already counted in that leg's circuit window: handled by
    /// the primary's streams in sequence order, now or once the cells before it arrived.
    func receiveMultiplexed(_ cell: RelayCell, on leg: TorCircuit) throws {
        guard let index = index(of: leg) else { return }
        guard let ready = try sequencer.receive(cell, onLeg: index) else {
            guard lostLegs == 0 else {
                // Only the primary is left, so its cells come in order: an early one means an
                // earlier one went down with the lost leg.
                throw CircuitError(
                    .confluxLegLost, kind: .resource,
                    "a conflux leg closed with cells still on their way, so a stream's data has a gap that "
                        + "nothing can fill; the set was closed. Open the stream again on another circuit.")
            }
            return
        }
        let primary = self.primary
        try primary.handleStreamCell(ready)
        while let next = sequencer.next() {
            try primary.handleStreamCell(next)
        }
    }

    /// A leg closed: a linked set ends and closes every other leg with the same error; a set
    /// still linking fails and releases the others.
    func legDidClose(_ leg: TorCircuit, error: CircuitError) {
        switch state {
        case .closed:
            return
        case .linking:
            failLinking(error)
            return
        case .linked:
            break
        }
        if leg !== primary, openLegCount == 2, sequencer.queuedCount == 0, let index = index(of: leg),
           sequencer.lastReceived[index] <= sequencer.lastReceived[0] {
            lostLegs += 1
            return
        }
        state = .closed
        for other in legs where other !== leg {
            other.conflux = nil
            other.close(with: error, sendDestroy: true)
        }
        legs.removeAll()
    }

    /// Linking failed: every leg leaves the set, still open, and the caller decides.
    private func failLinking(_ error: CircuitError) {
        guard case .linking(let promise, _) = state else { return }
        linkTimer?.cancel()
        linkTimer = nil
        state = .closed
        for leg in legs { leg.conflux = nil }
        legs.removeAll()
        promise.fail(error)
    }

    private func index(of leg: TorCircuit) -> Int? {
        legs.firstIndex { $0 === leg }
    }
}
