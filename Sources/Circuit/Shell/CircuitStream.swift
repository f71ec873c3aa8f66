import NIOCore
import TorCore

/// Who reads a stream and writes to it: the async sequence of ``TorStream``, or the NIO handler
/// that glues it to a SOCKS connection. Called on the circuit's event loop.
protocol StreamEndpoint: AnyObject {
    /// Data from the exit, in order. The endpoint may call ``CircuitStream/setDemand(_:)``.
    func streamReceived(_ batch: [ByteBuffer])
    /// No more data will come: nil for a clean end (RELAY_END DONE), else why it failed.
    func streamFinished(_ error: CircuitError?)
    /// Writes may go on (true) or should wait because the windows are closed (false).
    func streamWritabilityChanged(_ isWritable: Bool)
}

/// One stream (or pending lookup) of a circuit: its windows, its receive queue and its write
/// queue (tor-spec 6, 7.4). Lives on the circuit's event loop. Writing and ending are in
/// CircuitStream+Outbound.swift, which shares the state below.
///
/// Back-pressure both ways, with bounded buffers:
/// - Inbound, data waits in ``received`` while the endpoint has no demand; the stream SENDME
///   that lets the exit send more leaves only once fewer than ten cells wait (tor-spec 7.4), so
///   the queue never exceeds the 500-cell stream window.
/// - Outbound, writes wait in a queue and leave as DATA cells while the stream and circuit
///   windows and the channel allow; above ``writeHighWatermark`` queued bytes the endpoint is
///   told to stop writing until the queue drains to ``writeLowWatermark``.
/// - On a circuit whose exit negotiated congestion control there are no stream windows and no
///   stream SENDMEs (prop 324 4.1): ``flow`` sends XOFF when more than cc_xoff_client cells'
///   worth waits in ``received`` and XON once the reader took it all, and pauses packaging
///   between the exit's XOFF and XON.
final class CircuitStream {
    /// Queued bytes above which writers are asked to pause.
    static let writeHighWatermark = 32 * RelayCell.maximumDataLength
    /// Queued bytes at or below which paused writers may resume.
    static let writeLowWatermark = 8 * RelayCell.maximumDataLength

    enum Phase {
        case opening(EventLoopPromise<StreamOpening>, Scheduled<Void>?)
        case open
        case closed
    }

    /// How the inbound side ended, reported to the endpoint after the queued data.
    enum InboundEnd {
        case finished
        case failed(CircuitError)
    }

    let id: UInt16
    let request: StreamRequest
    /// The circuit; kept after the stream closes until its end has been delivered.
    var circuit: TorCircuit?
    var phase: Phase
    var window = StreamWindow()
    /// XON/XOFF state when the circuit's exit uses congestion control; nil for windowed streams.
    var flow: StreamFlowControl?
    /// Bytes waiting in ``received``.
    var receivedBytes = 0

    var received = CircularBuffer<ByteBuffer>(initialCapacity: 16)
    var inboundEnd: InboundEnd?
    var endpoint: StreamEndpoint?
    private var demand = true
    private var deliveryScheduled = false
    private var wasAttached = false
    /// Why writes fail once the stream closed.
    var closeError: CircuitError?

    var pending = CircularBuffer<(data: ByteBuffer, promise: EventLoopPromise<Void>?)>(initialCapacity: 4)
    var pendingBytes = 0
    var isWritable = true

    init(id: UInt16, request: StreamRequest, circuit: TorCircuit, promise: EventLoopPromise<StreamOpening>) {
        self.eventLoop = circuit.eventLoop
        self.id = id
        self.request = request
        self.circuit = circuit
        self.phase = .opening(promise, nil)
        if circuit.streamsUseCongestionControl, let agreement = circuit.congestionControl {
            flow = StreamFlowControl(xoffThreshold: agreement.parameters.xoffClientBytes)
        }
    }

    /// The circuit's (and channel's) event loop, where every method runs.
    let eventLoop: any EventLoop

    /// Bounds the wait for CONNECTED, END or RESOLVED.
    func startTimer(_ timeout: TimeAmount) {
        guard case .opening(let promise, nil) = phase, let circuit else { return }
        let timer = circuit.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            let seconds = timeout.nanoseconds / 1_000_000_000
            fail(
                CircuitError(
                    .streamTimedOut, kind: .resource,
                    "The exit did not answer within \(seconds) s; try again on another circuit."),
                sendEnd: true)
        }
        phase = .opening(promise, timer)
    }

    // MARK: Inbound

    /// CONNECTED, END or RESOLVED for this stream (tor-spec 6.2, 6.3, 6.4).
    func receive(_ cell: RelayCell) throws {
        switch (cell.command, phase, request) {
        case (.connected, .opening(let promise, let timer), .connect):
            timer?.cancel()
            let connected = try cell.message(as: ConnectedMessage.self)
            phase = .open
            promise.succeed(StreamOpening(stream: TorStream(core: self, connected: connected)))
            packagePending()
        case (.connected, .opening(let promise, let timer), .directory):
            timer?.cancel()
            // BEGIN_DIR's CONNECTED carries nothing a client reads (tor-spec 6.2.1).
            phase = .open
            promise.succeed(StreamOpening(stream: TorStream(core: self, connected: nil)))
            packagePending()
        case (.resolved, .opening(let promise, let timer), .resolve):
            timer?.cancel()
            let answers = try cell.message(as: ResolvedMessage.self).answers
            phase = .closed
            circuit?.removeStream(self)
            if answers.isEmpty || answers.allSatisfy(\.isError) {
                promise.fail(Self.resolveFailure(answers))
            } else {
                promise.succeed(StreamOpening(answers: answers))
            }
        case (.end, .opening, _):
            let reason = try cell.message(as: EndMessage.self).reason
            fail(.streamEnded(reason, whileOpening: true), sendEnd: false)
        case (.end, .open, _):
            let reason = try cell.message(as: EndMessage.self).reason
            // DONE is the exit's normal close; anything else the reader must hear about.
            let error: CircuitError? = reason == .done ? nil : .streamEnded(reason, whileOpening: false)
            end(inbound: error.map(InboundEnd.failed) ?? .finished, writeError: error ?? .streamEnded(reason, whileOpening: false))
        default:
            throw CircuitError.unexpected("a \(cell.command) that stream \(id) cannot take in its state")
        }
    }

    /// The error for a RESOLVED without a usable answer: transient when the exit says the
    /// lookup may work later (tor-spec 6.4, type 0xF0).
    private static func resolveFailure(_ answers: [ResolvedAnswer]) -> CircuitError {
        let transient = answers.contains { answer in
            if case .transientError = answer.value { return true }
            return false
        }
        return transient
            ? CircuitError(
                .resolveFailedTransient, kind: .resource,
                "The exit could not resolve the name for now; try again later or through another exit.")
            : CircuitError(
                .resolveFailed, kind: .resource,
                "The exit could not resolve the name; check that it exists.")
    }

    /// RELAY_DATA for this stream, already counted by the circuit (tor-spec 7.4; prop 324 4.1
    /// with congestion control).
    func receiveData(_ data: ByteBuffer) throws {
        guard case .open = phase else {
            throw CircuitError.unexpected("RELAY_DATA on stream \(id) before it was connected")
        }
        if flow == nil { try window.didDeliverDataCell() }
        guard data.readableBytes > 0 else { return }
        received.append(data)
        receivedBytes += data.readableBytes
        if flow != nil, try flow!.didQueue(queuedBytes: receivedBytes) == .sendXoff {
            try sendFlowControl(XoffMessage())
            circuit?.logger.debug("stream reader fell behind: sent XOFF", metadata: ["stream": "\(id)", "queued": "\(receivedBytes)"])
        }
        scheduleDelivery()
    }

    /// The exit's XOFF: stop packaging on this stream until its XON (prop 324 4.1).
    func receive(_ xoff: XoffMessage) {
        flow?.receive(xoff)
    }

    /// The exit's XON: packaging resumes (an XON while not paused only updates the rate).
    func receive(_ xon: XonMessage) {
        flow?.receive(xon)
        packagePending()
        circuit?.flush()
    }

    private func sendFlowControl<Message: RelayMessage>(_ message: Message) throws {
        guard case .open = phase, let circuit else { return }
        try circuit.sendRelay(message, streamID: id, toHop: circuit.lastHop)
    }

    /// A stream-level SENDME (tor-spec 7.4).
    func receiveSendme() throws {
        try window.didReceiveSendme()
        packagePending()
    }

    func scheduleDelivery() {
        guard !deliveryScheduled, endpoint != nil, demand || inboundEnd != nil else { return }
        deliveryScheduled = true
        circuit?.scheduleDeliveries(for: self)
    }

    /// Hands queued data to the endpoint while it wants it, returns stream SENDMEs once little
    /// waits (tor-spec 7.4), and reports the end after the last byte.
    func deliverQueued() {
        deliveryScheduled = false
        guard let endpoint else { return }
        if demand, !received.isEmpty {
            var batch: [ByteBuffer] = []
            batch.reserveCapacity(received.count)
            while let data = received.popFirst() { batch.append(data) }
            receivedBytes = 0
            endpoint.streamReceived(batch)
        }
        if flow != nil {
            sendDueXon()
        } else {
            sendDueSendmes()
        }
        if received.isEmpty, let end = inboundEnd {
            inboundEnd = nil
            self.endpoint = nil
            circuit = nil
            switch end {
            case .finished: endpoint.streamFinished(nil)
            case .failed(let error): endpoint.streamFinished(error)
            }
        }
    }

    /// XON once the reader took everything after our XOFF (prop 324 4.1.1), rate 0: the
    /// exit may send as fast as it can.
    private func sendDueXon() {
        guard flow?.didDrain(queuedBytes: receivedBytes) == .sendXon else { return }
        do {
            try sendFlowControl(XonMessage())
            circuit?.logger.debug("stream reader drained: sent XON", metadata: ["stream": "\(id)"])
        } catch {
            circuit?.close(with: TorCircuit.circuitError(error), sendDestroy: true)
        }
    }

    private func sendDueSendmes() {
        guard case .open = phase, let circuit, received.count < StreamWindow.maximumUnflushedCellsForSendme else { return }
        do {
            while window.takeDueSendme() {
                try circuit.sendRelay(.sendme, streamID: id, data: ByteBuffer(), toHop: circuit.lastHop)
            }
        } catch {
            circuit.close(with: TorCircuit.circuitError(error), sendDestroy: true)
        }
    }

    /// The endpoint wants data (true) or cannot take more for now (false).
    func setDemand(_ wanted: Bool) {
        demand = wanted
        if wanted {
            scheduleDelivery()
            circuit?.flush()
        }
    }

    /// Connects the reader/writer; data queued so far is delivered at once. A stream has at
    /// most one endpoint in its life: false if one was attached before.
    func attach(_ newEndpoint: StreamEndpoint) -> Bool {
        guard !wasAttached else { return false }
        wasAttached = true
        endpoint = newEndpoint
        if !isWritable { newEndpoint.streamWritabilityChanged(false) }
        scheduleDelivery()
        return true
    }
}
