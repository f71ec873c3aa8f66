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
/// queue (tor-spec 6, 7.4). Lives on the circuit's event loop.
///
/// Back-pressure both ways, with bounded buffers:
/// - Inbound, data waits in ``received`` while the endpoint has no demand; the stream SENDME
///   that lets the exit send more leaves only once fewer than ten cells wait (tor-spec 7.4), so
///   the queue never exceeds the 500-cell stream window.
/// - Outbound, writes wait in a queue and leave as DATA cells while the stream and circuit
///   windows and the channel allow; above ``writeHighWatermark`` queued bytes the endpoint is
///   told to stop writing until the queue drains to ``writeLowWatermark``.
final class CircuitStream {
    /// Queued bytes above which writers are asked to pause.
    static let writeHighWatermark = 32 * RelayCell.maximumDataLength
    /// Queued bytes at or below which paused writers may resume.
    static let writeLowWatermark = 8 * RelayCell.maximumDataLength

    private enum Phase {
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
    private(set) var circuit: TorCircuit?
    private var phase: Phase
    var window = StreamWindow()

    private var received = CircularBuffer<ByteBuffer>(initialCapacity: 16)
    private var inboundEnd: InboundEnd?
    private var endpoint: StreamEndpoint?
    private var demand = true
    private var deliveryScheduled = false
    private var wasAttached = false
    /// Why writes fail once the stream closed.
    private var closeError: CircuitError?

    private var pending = CircularBuffer<(data: ByteBuffer, promise: EventLoopPromise<Void>?)>(initialCapacity: 4)
    private var pendingBytes = 0
    private(set) var isWritable = true

    init(id: UInt16, request: StreamRequest, circuit: TorCircuit, promise: EventLoopPromise<StreamOpening>) {
        self.eventLoop = circuit.eventLoop
        self.id = id
        self.request = request
        self.circuit = circuit
        self.phase = .opening(promise, nil)
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
                promise.fail(CircuitError(
                    .resolveFailed, kind: .resource,
                    "The exit could not resolve the name; check it, or try another exit."))
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

    /// RELAY_DATA for this stream, already counted by the circuit (tor-spec 7.4).
    func receiveData(_ data: ByteBuffer) throws {
        guard case .open = phase else {
            throw CircuitError.unexpected("RELAY_DATA on stream \(id) before it was connected")
        }
        try window.didDeliverDataCell()
        guard data.readableBytes > 0 else { return }
        received.append(data)
        scheduleDelivery()
    }

    /// A stream-level SENDME (tor-spec 7.4).
    func receiveSendme() throws {
        try window.didReceiveSendme()
        packagePending()
    }

    private func scheduleDelivery() {
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
            endpoint.streamReceived(batch)
        }
        sendDueSendmes()
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

    // MARK: Outbound

    /// Queues `data` to be sent as DATA cells; `promise` completes once all of it left in cells.
    /// Before CONNECTED, data waits (this client sends no optimistic data).
    func write(_ data: ByteBuffer, promise: EventLoopPromise<Void>?) {
        if case .closed = phase {
            promise?.fail(closeError ?? .streamClosed())
            return
        }
        guard data.readableBytes > 0 else {
            promise?.succeed()
            return
        }
        pending.append((data, promise))
        pendingBytes += data.readableBytes
        packagePending()
        circuit?.flush()
    }

    /// Sends queued writes as DATA cells of up to 498 bytes while the stream window, the
    /// circuit window and the channel allow (tor-spec 7.3, 7.4).
    func packagePending() {
        guard case .open = phase, let circuit else { return }
        do {
            while var first = pending.first, window.canPackage, circuit.canPackageData {
                let chunk = first.data.readSlice(length: min(first.data.readableBytes, RelayCell.maximumDataLength))!
                try circuit.sendData(streamID: id, chunk)
                try window.didPackageDataCell()
                pendingBytes -= chunk.readableBytes
                if first.data.readableBytes == 0 {
                    pending.removeFirst()
                    first.promise?.succeed()
                } else {
                    pending[pending.startIndex] = first
                }
            }
        } catch {
            circuit.close(with: TorCircuit.circuitError(error), sendDestroy: true)
            return
        }
        updateWritability()
    }

    private func updateWritability() {
        if isWritable, pendingBytes >= Self.writeHighWatermark {
            isWritable = false
            endpoint?.streamWritabilityChanged(false)
        } else if !isWritable, pendingBytes <= Self.writeLowWatermark {
            isWritable = true
            endpoint?.streamWritabilityChanged(true)
        }
    }

    // MARK: Ending

    /// Closes the stream from this side: RELAY_END with reason MISC, the only reason a client
    /// sends for its own streams (tor-spec 6.3). Queued data is dropped; the endpoint hears a
    /// clean end.
    func close() {
        switch phase {
        case .closed:
            return
        case .opening, .open:
            fail(.streamClosed(), sendEnd: true)
        }
        received.removeAll()
        if let endpoint {
            self.endpoint = nil
            inboundEnd = nil
            endpoint.streamFinished(nil)
        }
        circuit = nil
    }

    /// The circuit closed with `error`: everything pending fails with it.
    func circuitDidClose(_ error: CircuitError) {
        switch phase {
        case .closed:
            return
        case .opening(let promise, let timer):
            timer?.cancel()
            phase = .closed
            closeError = error
            promise.fail(error)
            failPendingWrites(error)
        case .open:
            end(inbound: .failed(error), writeError: error)
        }
    }

    /// Ends an opening or open stream: END to the exit if asked, the opening request fails.
    private func fail(_ error: CircuitError, sendEnd: Bool) {
        let previous = phase
        phase = .closed
        closeError = error
        if sendEnd, let circuit {
            try? circuit.sendRelay(EndMessage(reason: .misc), streamID: id, toHop: circuit.lastHop)
            circuit.flush()
        }
        circuit?.removeStream(self)
        if case .opening(let promise, let timer) = previous {
            timer?.cancel()
            promise.fail(error)
        }
        failPendingWrites(error)
        if case .open = previous, inboundEnd == nil {
            inboundEnd = .failed(error)
            scheduleDelivery()
        }
    }

    /// The open stream ended from the exit's side or with its circuit: no END goes back
    /// (tor-spec 6.3), queued data is still delivered, then `inbound`.
    private func end(inbound: InboundEnd, writeError: CircuitError) {
        phase = .closed
        closeError = writeError
        circuit?.removeStream(self)
        failPendingWrites(writeError)
        inboundEnd = inbound
        scheduleDelivery()
    }

    private func failPendingWrites(_ error: CircuitError) {
        pendingBytes = 0
        while let write = pending.popFirst() { write.promise?.fail(error) }
    }
}
