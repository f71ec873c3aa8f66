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
/// Cost per cell: a cell's payload is a slice of the read buffer (no copy); a cell written is
/// framed into a buffer from ``CellBufferPool`` and its payload handed back to it (no allocation
/// in the steady state while `EnableBufferPooling` is on); no locks (it lives on its channel's
/// event loop).
public final class CellCodecHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = Cell
    public typealias OutboundIn = Cell
    public typealias OutboundOut = ByteBuffer

    /// Read-buffer bytes already consumed beyond which the buffer is compacted.
    static let compactionThreshold = 16 * 1024

    private var framer: LinkCellFramer
    private var buffer = ByteBuffer()
    private var isDecoding = false
    private var hasFailed = false

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
            context.fireChannelRead(wrapInboundOut(cell))
        }
        if buffer.readableBytes == 0 {
            buffer.clear()
        } else if buffer.readerIndex >= Self.compactionThreshold {
            buffer.discardReadBytes()
        }
    }

    /// Frames `cell` for the link and passes the bytes down.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let cell = unwrapOutboundIn(data)
        guard let codec = framer.outboundCodec, cell.command == .versions || framer.linkProtocol != nil else {
            promise?.fail(CircuitError(
                .linkEncodingFailed, kind: .internalFailure,
                "A \(cell.command) cell was written before a link protocol was negotiated; only VERSIONS may go first. This is a bug."))
            return
        }
        let payloadLength = cell.payload.readableBytes
        var bytes = CellBufferPool.buffer(
            capacity: codec.circuitIDLength + 3 + max(payloadLength, Cell.fixedPayloadLength), allocator: context.channel.allocator)
        do {
            try codec.encode(cell, into: &bytes)
        } catch {
            promise?.fail(CircuitError(.linkEncodingFailed, kind: .internalFailure, "A \(cell.command) cell cannot be framed: \(error)"))
            return
        }
        // The payload's bytes are in the frame now.
        CellBufferPool.recycle(cell.payload)
        context.write(wrapOutboundOut(bytes), promise: promise)
    }

    private func fail(context: ChannelHandlerContext, _ error: CircuitError) {
        hasFailed = true
        buffer.clear()
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
