import Logging
import NIOCore
import TorCore

/// One circuit as the client sees it: the engine that lives on its channel's event loop
/// (tor-spec 5, 6, 7).
///
/// It drives the build (``CircuitBuildStateMachine``), owns the layered relay crypto
/// (``RelayCrypto``), the circuit windows of each hop (``CircuitWindow``), the exit's
/// ``CongestionWindow`` when it negotiated congestion control (prop 324), and the circuit's
/// streams, and turns every inbound cell into state changes and outbound cells. Not
/// thread-safe: every method runs on the channel's event loop, and ``CircuitHandle`` is the
/// `Sendable` face other code uses. Once closed (DESTROY, TRUNCATED, a protocol violation, the
/// channel closing, or ``close()``) it stays closed and every stream and pending request fails
/// with the same ``CircuitError``.
public final class TorCircuit {
    /// Circuit-level states.
    enum Phase {
        /// Registered on the channel; nothing sent yet.
        case idle
        /// A build or extension is under way.
        case building(BuildProgress)
        /// Usable for streams, and for another extension.
        case open
        /// Closed for good.
        case closed(CircuitError)
    }

    /// An ongoing build: the state machine, who waits for it and its timeout.
    struct BuildProgress {
        var machine: CircuitBuildStateMachine
        let promise: EventLoopPromise<Void>
        var timer: Scheduled<Void>?
    }

    /// tor-spec 5.6: a client may send at most this many RELAY_EARLY cells on a circuit.
    public static let maximumRelayEarlyCells = 8

    /// The circuit's ID on its channel (tor-spec 5.1.1).
    public let id: CircuitID
    /// The channel's circuit layer; nil once the circuit closed (which breaks the cycle).
    private(set) var mux: ChannelCircuitMux?
    let eventLoop: any EventLoop
    var phase = Phase.idle
    /// Relay crypto with one layer per built hop.
    let crypto = RelayCrypto()
    /// Circuit-level flow control with each hop, indexed like the hops. On a hop with
    /// congestion control only the deliver side is used (with the agreed sendme_inc).
    var windows: [CircuitWindow] = []
    /// The sending side of the hop that negotiated congestion control (the exit), which
    /// replaces that hop's package window (prop 324 3).
    var congestion: CongestionWindow?
    /// The index of that hop; -1 when no hop negotiated congestion control.
    var congestionHop = -1
    /// What the exit agreed to, when it negotiated congestion control (prop 324 10).
    public private(set) var congestionControl: CongestionControlAgreement?
    /// Monotonic microseconds for congestion control's RTT samples; tests inject their own.
    var monotonicClock: () -> UInt64 = TorCircuit.monotonicMicroseconds
    /// RELAY_EARLY cells still allowed (tor-spec 5.6).
    var relayEarlyRemaining = TorCircuit.maximumRelayEarlyCells
    /// The conflux set this circuit is a leg of (proposal 329), while it is one.
    var conflux: ConfluxSet?
    /// RELAY_DATA cells this circuit carried from its exit: on a conflux leg, its share.
    var dataCellsReceived = 0
    /// Streams whose RELAY_END waits to leave with the circuit's next cell (see
    /// ``sendEndSoon(streamID:)``).
    var deferredEnds: [UInt16] = []
    /// Sends the deferred ENDs alone if no other cell came within ``endDeferral``.
    var deferredEndTimer: Scheduled<Void>?
    /// Open and opening streams by stream ID.
    var streams: [UInt16: CircuitStream] = [:]
    /// Streams with queued data waiting for the end of the read batch.
    var streamsWithDeliveries: [CircuitStream] = []
    private var deliveriesScheduled = false
    /// The next stream ID to try; starts at random so IDs say little about past streams.
    var nextStreamID = UInt16.random(in: 1 ... .max)
    private let closedPromise: EventLoopPromise<CircuitError>
    let logger: Logger

    init(id: CircuitID, mux: ChannelCircuitMux) {
        self.id = id
        self.mux = mux
        self.eventLoop = mux.eventLoop
        self.closedPromise = mux.eventLoop.makePromise()
        self.logger = mux.logger
    }

    /// Hops whose keys are in place.
    public var hopCount: Int { crypto.hopCount }

    /// True while streams may be opened.
    public var isOpen: Bool {
        if case .open = phase { return true }
        return false
    }

    /// The error the circuit closed with, or nil while it is not closed.
    public var closeError: CircuitError? {
        if case .closed(let error) = phase { return error }
        return nil
    }

    /// Succeeds with the closing error once the circuit closed, for whatever reason.
    public var closeFuture: EventLoopFuture<CircuitError> { closedPromise.futureResult }

    // MARK: Closing

    /// Closes the circuit from this side: sends DESTROY with reason NONE (tor-spec 5.4: a client
    /// never says why) and fails everything pending with `circuit.closed`.
    public func close() {
        close(with: .circuitClosed(), sendDestroy: true)
    }

    /// The mux saw the channel close; nothing can be sent any more.
    func channelDidClose(_ error: CircuitError) {
        close(with: error, sendDestroy: false)
    }

    /// Ends the circuit with `error`, after sending DESTROY if asked and still possible.
    func close(with error: CircuitError, sendDestroy: Bool) {
        if case .closed = phase { return }
        let previous = phase
        phase = .closed(error)
        if let mux {
            if sendDestroy, let destroy = try? Cell(circuitID: id, message: DestroyMessage(reason: .none)) {
                mux.send(destroy)
                mux.flush()
            }
            mux.unregister(id)
        }
        mux = nil
        deferredEndTimer?.cancel()
        deferredEndTimer = nil
        deferredEnds.removeAll()
        if let set = conflux {
            conflux = nil
            set.legDidClose(self, error: error)
        }
        if case .building(let progress) = previous {
            progress.timer?.cancel()
            progress.promise.fail(error)
        }
        let open = Array(streams.values)
        streams.removeAll()
        for stream in open { stream.circuitDidClose(error) }
        closedPromise.succeed(error)
        logger.debug("circuit closed", metadata: ["circuit": "\(id)", "error": "\(error)"])
    }

    // MARK: Sending

    /// Encodes, encrypts and writes one relay cell to hop `hop` (tor-spec 5.5.2.1, 6.1).
    /// Throws only for a local bug (oversized data, a hop the circuit does not have).
    func sendRelay(
        _ command: RelayCommand, streamID: UInt16, data: ByteBuffer, toHop hop: Int, early: Bool = false
    ) throws {
        guard let mux else { throw CircuitError.circuitClosed() }
        if !deferredEnds.isEmpty { sendDeferredEnds() }
        var payload = CellBufferPool.buffer(capacity: RelayCell.payloadLength, allocator: mux.bufferAllocator)
        // Random padding after the four zero bytes, as tor-spec 6.1 recommends, so the
        // unused part of a cell says nothing.
        try RelayCell(command: command, streamID: streamID, data: data)
            .encode(into: &payload, padding: SecureRandom.fill)
        try crypto.encryptOutbound(payload: &payload, toHop: hop)
        mux.send(Cell(circuitID: id, command: early ? .relayEarly : .relay, payload: payload))
    }

    /// ``sendRelay(_:streamID:data:toHop:early:)`` for an encodable message.
    func sendRelay<Message: RelayMessage>(_ message: Message, streamID: UInt16, toHop hop: Int, early: Bool = false) throws {
        var data = (mux?.bufferAllocator ?? ByteBufferAllocator()).buffer(capacity: 64)
        try message.encode(into: &data)
        try sendRelay(Message.command, streamID: streamID, data: data, toHop: hop, early: early)
    }

    /// How long a stream's RELAY_END may wait for another cell of the circuit to leave with.
    static let endDeferral = TimeAmount.milliseconds(100)

    /// Sends RELAY_END (reason MISC) for a stream this side closed, together with the
    /// circuit's next cell, or alone after ``endDeferral``.
    ///
    /// Why: tor 0.4.9 relays write small cells with Nagle's algorithm on. A lone END leaves an
    /// unacknowledged segment on the guard's and the middle's connections until the next
    /// relay's delayed ACK, up to 40 ms later on Linux, and a BEGIN sent in that time waits
    /// behind it: captures of back-to-back fetches showed the guard holding our BEGIN 32 ms
    /// until the middle's ACK came (benchmarks/PROFILE.md). An END that travels in the same
    /// write as the next stream's BEGIN leaves nothing unacknowledged behind it.
    func sendEndSoon(streamID: UInt16) {
        deferredEnds.append(streamID)
        guard deferredEndTimer == nil else { return }
        deferredEndTimer = eventLoop.assumeIsolated().scheduleTask(in: Self.endDeferral) { [self] in
            deferredEndTimer = nil
            sendDeferredEnds()
            flush()
        }
    }

    /// Writes every deferred END (they leave at the next flush).
    private func sendDeferredEnds() {
        let ends = deferredEnds
        deferredEnds.removeAll()
        deferredEndTimer?.cancel()
        deferredEndTimer = nil
        for streamID in ends {
            try? sendRelay(EndMessage(reason: .misc), streamID: streamID, toHop: lastHop)
        }
    }

    /// Flushes what this circuit wrote (outside a read batch, which flushes at its end).
    func flush() {
        mux?.flush()
    }

    /// Index of the last hop, where streams end.
    var lastHop: Int { crypto.hopCount - 1 }

    /// True when the last hop uses congestion control: its streams use XON/XOFF instead of
    /// stream windows (prop 324 4.1).
    var streamsUseCongestionControl: Bool { congestionHop >= 0 && congestionHop == lastHop }

    /// Monotonic microseconds for congestion control's RTT samples.
    static func monotonicMicroseconds() -> UInt64 {
        NIODeadline.now().uptimeNanoseconds / 1000
    }

    /// Installs the hop just added: fixed windows, or congestion control when it agreed to it.
    func installWindows(for agreement: CongestionControlAgreement?) {
        guard let agreement else {
            windows.append(CircuitWindow())
            return
        }
        windows.append(CircuitWindow(increment: agreement.sendmeIncrement))
        congestion = CongestionWindow(parameters: agreement.parameters, sendmeIncrement: agreement.sendmeIncrement)
        congestionHop = windows.count - 1
        congestionControl = agreement
        logger.debug(
            "circuit negotiated congestion control with its exit",
            metadata: [
                "circuit": "\(id)", "sendme_inc": "\(agreement.sendmeIncrement)",
                "cwnd": "\(agreement.parameters.initialWindow)",
            ])
    }

    // MARK: Receiving

    /// Handles one cell the mux routed to this circuit.
    func receive(_ cell: Cell) {
        if case .closed = phase { return }
        switch cell.command {
        case .relay:
            receiveRelay(cell.payload)
        case .relayEarly:
            close(with: .unexpected("an inbound RELAY_EARLY cell (tor-spec 5.6 forbids it)"), sendDestroy: true)
        case .destroy:
            let reason = (try? cell.message(as: DestroyMessage.self).reason) ?? .none
            close(with: .destroyed(reason), sendDestroy: false)
        case .created2:
            advanceBuild { machine in try machine.receive(cell.message(as: Created2Message.self)) }
        case .createdFast:
            advanceBuild { machine in try machine.receive(cell.message(as: CreatedFastMessage.self)) }
        default:
            logger.debug("dropping an unexpected cell on a circuit", metadata: ["command": "\(cell.command)"])
        }
    }

    /// Queues `stream` for delivery at the end of the read batch.
    func scheduleDeliveries(for stream: CircuitStream) {
        guard let mux else {
            // Closed: no read batch will come to deliver it, and nothing batches anyway.
            stream.deliverQueued()
            return
        }
        streamsWithDeliveries.append(stream)
        guard !deliveriesScheduled else { return }
        deliveriesScheduled = true
        mux.scheduleDeliveries(for: self)
    }

    /// Hands queued data to the streams' readers; the mux calls it once per read batch.
    func deliverQueuedData() {
        deliveriesScheduled = false
        let batch = streamsWithDeliveries
        streamsWithDeliveries.removeAll(keepingCapacity: true)
        for stream in batch { stream.deliverQueued() }
        flush()
    }

    /// The channel became writable again: streams may package their queued writes.
    func resumePackaging() {
        guard isOpen else { return }
        for stream in Array(streams.values) { stream.packagePending() }
    }

    /// Turns any error into the circuit error a failure closes the circuit with.
    static func circuitError(_ error: any Error) -> CircuitError {
        if let error = error as? CircuitError { return error }
        if let error = error as? TorCoreError {
            let kind: CircuitError.Kind =
                switch error.kind {
                case .protocolViolation: .protocolViolation
                case .badInput: .badInput
                case .resource: .resource
                case .internalFailure: .internalFailure
                }
            // Keep TorCore's code (relay.lengthTooLong, ...): it says exactly what was wrong.
            return CircuitError(CircuitError.Code(error.code.rawValue), kind: kind, "\(error.reason); the circuit was closed")
        }
        return CircuitError(.circuitUnexpectedCell, kind: .internalFailure, "\(error); the circuit was closed")
    }
}
