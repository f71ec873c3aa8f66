import NIOCore
import TorCore

/// Frames a channel's plaintext into ``TorCore/Cell``s and back (tor-spec 3), above
/// ``TLSChannelHandler``. The I/O shell of ``LinkCellFramer``.
///
/// Inbound, bytes are decoded with the handshake codec up to the relay's first VERSIONS cell
/// and with the negotiated codec from the next byte on, even within the same read. Outbound,
/// our VERSIONS cell is framed with the handshake codec and every later cell with the
/// negotiated one. A cell that cannot be framed fails with a ``CircuitError`` and closes the
/// channel.
///
/// Cost per cell: a cell's payload is a slice of the read buffer (no copy). Written cells are
/// framed into one buffer that goes down at the next flush (or at once for a write that carries
/// a promise), so the TLS layer sees one write per batch, not per cell; a cell's payload is handed
/// back to ``CellBufferPool`` once framed, and each batch buffer comes from it (no allocation in
/// the steady state while `EnableBufferPooling` is on). The circuit layer hands
/// its cells over with ``writeCell(_:)`` and gets them with ``deliverCells(to:)``, plain calls:
/// a `Cell` is too large for `NIOAny`'s inline storage, so passing it along the pipeline would
/// box every cell on the heap. No locks (it lives on its channel's event loop).
public final class CellCodecHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = Cell
    public typealias OutboundIn = Cell
    public typealias OutboundOut = ByteBuffer

    /// Read-buffer bytes already consumed beyond which the buffer is compacted.
    static let compactionThreshold = 16 * 1024
    /// Initial room of the outbound batch: a few cells; it grows for larger batches.
    static let outboundBatchCapacity = 4 * 514

    private var framer: LinkCellFramer
    private var buffer = ByteBuffer()
    private var isDecoding = false
    private var hasFailed = false
    /// Cells framed since the last flush, passed down as one buffer.
    private var outbound = ByteBuffer()
    private var context: ChannelHandlerContext?
    /// The circuit layer at the end of the pipeline, once added: framed cells go to it by a
    /// plain call instead of up the pipeline, where each `Cell` would be boxed in `NIOAny`.
    /// Weak: the pipeline owns both handlers.
    private weak var circuitLayer: ChannelCircuitMux?

    /// A codec for a link on which we offer `offeredVersions` (tor 0.4.9 relays: 4 and 5).
    public init(offeredVersions: [UInt16] = VersionsMessage.clientVersions) {
        framer = LinkCellFramer(offeredVersions: offeredVersions)
    }

    /// The negotiated link protocol, once the relay's VERSIONS cell went through.
    public var linkProtocol: UInt16? { framer.linkProtocol }

    /// Adds the bytes to what is buffered and passes up every cell they complete.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        guard !hasFailed else { return }
        if buffer.readableBytes == 0 {
            buffer = incoming
        } else {
            buffer.writeBuffer(&incoming)
        }
        // A handler above that causes a read while a cell is being passed up re-enters here;
        // the loop below already owns the buffer and will frame the new bytes in order.
        guard !isDecoding else { return }
        isDecoding = true
        defer { isDecoding = false }
        while !hasFailed {
            let cell: Cell?
            do {
                cell = try framer.nextCell(from: &buffer)
            } catch {
                fail(context: context, CircuitError(
                    .linkMalformedCell, kind: .protocolViolation,
                    "The relay sent a cell that cannot be framed (\(error)); the connection is closed. Try another relay."))
                return
            }
            guard let cell else { break }
            if let circuitLayer {
                circuitLayer.receive(cell)
            } else {
                context.fireChannelRead(wrapInboundOut(cell))
            }
        }
        if buffer.readableBytes == 0 {
            buffer.clear()
        } else if buffer.readerIndex >= Self.compactionThreshold {
            buffer.discardReadBytes()
        }
    }

    /// Keeps the context, through which ``writeCell(_:)`` writes, and makes the outbound batch.
    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        outbound = context.channel.allocator.buffer(capacity: Self.outboundBatchCapacity)
    }

    /// Forgets the context: cells written afterwards are dropped, as on a closed channel.
    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Hands every later inbound cell straight to `mux` (nil: up the pipeline again). For the
    /// mux at the end of a link-authenticated channel, whose handlers in between pass cells
    /// through unchanged once the link handshake is over. On the channel's event loop.
    func deliverCells(to mux: ChannelCircuitMux?) {
        circuitLayer = mux
    }

    /// Frames a cell written down the pipeline into the outbound batch.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        enqueue(unwrapOutboundIn(data), context: context, promise: promise)
    }

    /// Frames `cell` into the outbound batch, exactly as if it had been written down the
    /// pipeline to this handler, but without wrapping it in `NIOAny`. For the handler at the
    /// end of the pipeline (``ChannelCircuitMux``): the handlers in between do not see the
    /// cell. It leaves at the next flush. Must be called on the channel's event loop.
    func writeCell(_ cell: Cell) {
        guard let context else { return }
        enqueue(cell, context: context, promise: nil)
    }

    /// Passes the outbound batch down, then flushes.
    public func flush(context: ChannelHandlerContext) {
        writeOutbound(context: context, promise: nil)
        context.flush()
    }

    /// Passes what is batched down first, so a close never overtakes written cells.
    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        writeOutbound(context: context, promise: nil)
        context.close(mode: mode, promise: promise)
    }

    private func enqueue(_ cell: Cell, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let codec = framer.outboundCodec, cell.command == .versions || framer.linkProtocol != nil else {
            promise?.fail(CircuitError(
                .linkEncodingFailed, kind: .internalFailure,
                "A \(cell.command) cell was written before a link protocol was negotiated; only VERSIONS may go first. This is a bug."))
            return
        }
        do {
            // encode leaves the batch unchanged when it throws.
            try codec.encode(cell, into: &outbound)
        } catch {
            promise?.fail(CircuitError(.linkEncodingFailed, kind: .internalFailure, "A \(cell.command) cell cannot be framed: \(error)"))
            return
        }
        // The payload's bytes are in the batch now.
        CellBufferPool.recycle(cell.payload)
        // A promise stands for this cell: the batch so far goes down now so the promise
        // completes with it (the TLS layer still sends only at the next flush).
        if let promise { writeOutbound(context: context, promise: promise) }
    }

    private func writeOutbound(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard outbound.readableBytes > 0 else {
            promise?.succeed()
            return
        }
        let capacity = outbound.capacity
        context.write(wrapOutboundOut(outbound), promise: promise)
        // The TLS layer holds the written bytes until its flush (and hands them back to the
        // pool): the next batch takes storage of its own from the pool.
        outbound = CellBufferPool.buffer(capacity: capacity, allocator: context.channel.allocator)
    }

    private func fail(context: ChannelHandlerContext, _ error: CircuitError) {
        hasFailed = true
        buffer.clear()
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
