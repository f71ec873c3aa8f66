import NIOCore
import TorCore

/// Glues a ``TorStream`` into a byte pipeline (a SOCKS client connection after its reply):
/// bytes read from the channel go out as DATA cells, DATA from the exit is written to the
/// channel (tor-spec 6.2).
///
/// Back-pressure both ways, so neither side buffers without bound:
/// - While the stream's windows are closed and its write queue is full, the handler holds the
///   channel's `read()`, so the kernel's socket buffer pushes back on the client.
/// - While the channel is not writable (the client reads slowly), the stream stops handing out
///   data, stops returning stream SENDMEs and the exit stops sending (tor-spec 7.4); on a
///   circuit with congestion control it sends XOFF instead, and XON once drained (prop 324 4.1).
///
/// When the exit ends the stream, the handler flushes what it wrote and closes the channel;
/// when the channel closes or its input ends, the stream is closed with RELAY_END (C tor
/// treats an application's EOF the same way). The channel may live on another event loop
/// than the circuit: the handler then crosses loops once per read or delivered batch.
public final class TorStreamRelayHandler: ChannelDuplexHandler, RemovableChannelHandler {
    /// Bytes from the client.
    public typealias InboundIn = ByteBuffer
    /// Bytes other handlers write to the client pass through.
    public typealias OutboundIn = ByteBuffer
    /// Bytes to the client.
    public typealias OutboundOut = ByteBuffer

    private let stream: TorStream
    private var context: ChannelHandlerContext?
    private var streamIsWritable = true
    private var readHeld = false
    private var finished = false

    init(stream: TorStream) {
        self.stream = stream
    }

    /// Becomes the stream's reader and writer (once per stream).
    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let endpoint = RelayHandlerEndpoint(handler: NIOLoopBound(self, eventLoop: context.eventLoop))
        stream.onLoop { core in
            guard core.attach(endpoint) else {
                endpoint.run { handler in
                    handler.streamFinished(CircuitError(
                        .streamClosed, kind: .internalFailure,
                        "This stream already has a reader; glue it to one channel only."))
                }
                return
            }
        }
    }

    /// Stops forwarding the stream's data.
    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Client bytes go to the stream as they come; the stream queues what its windows hold back.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        stream.onLoop { $0.write(bytes, promise: nil) }
    }

    /// Holds the read while the stream cannot take more.
    public func read(context: ChannelHandlerContext) {
        if streamIsWritable {
            context.read()
        } else {
            readHeld = true
        }
    }

    /// Withdraws or renews the demand for stream data as the client's socket fills or drains.
    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        stream.onLoop { $0.setDemand(writable) }
        context.fireChannelWritabilityChanged()
    }

    /// The client went away: the stream is closed with RELAY_END.
    public func channelInactive(context: ChannelHandlerContext) {
        closeStream()
        context.fireChannelInactive()
    }

    /// The client's EOF closes the stream and the connection, as C tor does.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            closeStream()
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A connection error closes both the stream and the connection.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeStream()
        context.close(promise: nil)
    }

    private func closeStream() {
        guard !finished else { return }
        finished = true
        stream.close()
    }

    // MARK: From the stream (on this handler's loop)

    func streamReceived(_ batch: [ByteBuffer]) {
        guard let context, !finished else { return }
        for buffer in batch { context.write(wrapOutboundOut(buffer), promise: nil) }
        context.flush()
        if !context.channel.isWritable {
            stream.onLoop { $0.setDemand(false) }
        }
    }

    func streamFinished(_ error: CircuitError?) {
        guard let context, !finished else { return }
        finished = true
        // An empty write completes after every earlier one, so the close loses no data.
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            .assumeIsolated()
            .whenComplete { _ in context.close(promise: nil) }
    }

    func streamWritabilityChanged(_ isWritable: Bool) {
        streamIsWritable = isWritable
        if isWritable, readHeld, let context {
            readHeld = false
            context.read()
        }
    }
}

/// The stream engine's view of a ``TorStreamRelayHandler``: runs on the circuit's loop and
/// forwards to the handler's loop.
final class RelayHandlerEndpoint: StreamEndpoint, Sendable {
    private let handler: NIOLoopBound<TorStreamRelayHandler>

    init(handler: NIOLoopBound<TorStreamRelayHandler>) {
        self.handler = handler
    }

    func run(_ body: @escaping @Sendable (TorStreamRelayHandler) -> Void) {
        let handler = self.handler
        if handler.eventLoop.inEventLoop {
            body(handler.value)
        } else {
            handler.eventLoop.execute { body(handler.value) }
        }
    }

    func streamReceived(_ batch: [ByteBuffer]) {
        run { $0.streamReceived(batch) }
    }

    func streamFinished(_ error: CircuitError?) {
        run { $0.streamFinished(error) }
    }

    func streamWritabilityChanged(_ isWritable: Bool) {
        run { $0.streamWritabilityChanged(isWritable) }
    }
}
