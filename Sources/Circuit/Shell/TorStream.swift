import NIOCore
import TorCore

/// A connected stream through a circuit (tor-spec 6.2): the `Sendable` face of the stream
/// engine that lives on the circuit's event loop.
///
/// Read it either as an async sequence (``inbound()``) or by gluing it into a NIO pipeline
/// (``makeRelayHandler()``, for a SOCKS connection); a stream has one reader in its life.
/// Write with ``write(_:)``, which completes once the bytes left in DATA cells, so a writer
/// that awaits each write never has more queued than it wrote last. ``close()`` sends
/// RELAY_END. Calls cross to the circuit's event loop once per call, never per cell.
public final class TorStream: Sendable {
    /// The stream's ID on its circuit (tor-spec 6.1).
    public let streamID: UInt16
    /// The circuit's event loop, where the stream's state lives.
    public let eventLoop: any EventLoop
    /// What the exit said in RELAY_CONNECTED (the address it connected to, its TTL); nil for a
    /// directory stream (tor-spec 6.2, 6.2.1).
    public let connected: ConnectedMessage?
    let core: NIOLoopBound<CircuitStream>

    init(core: CircuitStream, connected: ConnectedMessage?) {
        self.streamID = core.id
        self.eventLoop = core.eventLoop
        self.connected = connected
        self.core = NIOLoopBound(core, eventLoop: core.eventLoop)
    }

    /// Sends `data` as DATA cells of up to 498 bytes; the future completes once all of it
    /// left, which waits while the stream or circuit window is closed (tor-spec 7.3, 7.4).
    /// Fails with the stream's or circuit's error once either closed.
    public func write(_ data: ByteBuffer) -> EventLoopFuture<Void> {
        let core = self.core
        return eventLoop.flatSubmit {
            let promise = core.eventLoop.makePromise(of: Void.self)
            core.value.write(data, promise: promise)
            return promise.futureResult
        }
    }

    /// Sends `data` and waits until it left in DATA cells, as the future-returning `write` does.
    public func write(_ data: ByteBuffer) async throws {
        try await write(data).get()
    }

    /// Closes the stream with RELAY_END (reason MISC, tor-spec 6.3). Idempotent; the reader
    /// sees the end of the data.
    public func close() {
        onLoop { $0.close() }
    }

    /// The bytes the exit sends, as an async sequence of buffers with bounded buffering: when
    /// the consumer falls behind, the stream stops returning SENDMEs and the exit stops sending
    /// (tor-spec 7.4). It ends cleanly after RELAY_END with reason DONE, and throws the
    /// ``CircuitError`` for any other end (`stream.ended` with its ``CircuitError/endReason``,
    /// or the circuit's error). Ending the iteration early closes the stream.
    ///
    /// Call it once; a second call, or a call after ``makeRelayHandler()``, yields a sequence
    /// that throws `stream.closed` at once.
    public func inbound() -> TorStreamInbound {
        let core = self.core
        let made = TorStreamInbound.Producer.makeSequence(
            backPressureStrategy: .init(
                lowWatermark: TorStreamInbound.lowWatermark, highWatermark: TorStreamInbound.highWatermark),
            finishOnDeinit: false,
            delegate: TorStreamInbound.Delegate(core: core))
        let source = made.source
        onLoop { stream in
            let endpoint = AsyncStreamEndpoint(source: source, stream: stream)
            if !stream.attach(endpoint) {
                source.finish(CircuitError(
                    .streamClosed, kind: .internalFailure,
                    "This stream already has a reader; read it from one place only."))
            }
        }
        return TorStreamInbound(sequence: made.sequence)
    }

    /// A handler that carries this stream's bytes to and from the channel it is added to (a
    /// SOCKS client connection), with back-pressure both ways. See ``TorStreamRelayHandler``.
    public func makeRelayHandler() -> TorStreamRelayHandler {
        TorStreamRelayHandler(stream: self)
    }

    /// The stream's XON/XOFF state (XOFFs and XONs sent, the largest receive queue), or nil
    /// when its circuit has no congestion control and stream windows apply (prop 324 4.1).
    public func flowControl() async -> StreamFlowControl? {
        let core = self.core
        return try? await eventLoop.submit { core.value.flow }.get()
    }

    /// Runs `body` with the engine on its loop: at once when already there, else enqueued.
    func onLoop(_ body: @escaping @Sendable (CircuitStream) -> Void) {
        let core = self.core
        if eventLoop.inEventLoop {
            body(core.value)
        } else {
            eventLoop.execute { body(core.value) }
        }
    }
}

/// Feeds a ``TorStreamInbound`` from the stream engine, on the circuit's loop.
final class AsyncStreamEndpoint: StreamEndpoint {
    private let source: TorStreamInbound.Producer.Source
    private unowned let stream: CircuitStream

    init(source: TorStreamInbound.Producer.Source, stream: CircuitStream) {
        self.source = source
        self.stream = stream
    }

    func streamReceived(_ batch: [ByteBuffer]) {
        switch source.yield(contentsOf: batch) {
        case .produceMore: break
        case .stopProducing: stream.setDemand(false)
        case .dropped: stream.close()
        }
    }

    func streamFinished(_ error: CircuitError?) {
        if let error { source.finish(error) } else { source.finish() }
    }

    func streamWritabilityChanged(_ isWritable: Bool) {}
}
