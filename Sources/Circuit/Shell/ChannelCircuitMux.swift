import Logging
import NIOCore
import TorCore

/// The circuit layer of one channel: the last handler of a link-authenticated channel's
/// pipeline, reading and writing ``TorCore/Cell`` values (tor-spec 5).
///
/// It owns the circuit map (circuit ID -> ``TorCircuit``), allocates IDs per the negotiated
/// link protocol (tor-spec 5.1.1), drops PADDING and VPADDING (tor-spec 7.2), routes every other
/// cell to its circuit, and when the channel closes fails every circuit with
/// `circuit.channelClosed`. Everything runs on the channel's event loop: no locks, and no
/// allocation per cell beyond the cell buffers themselves (cells go to and come from the codec
/// by direct calls, not boxed in `NIOAny`). Writes made while handling a read are flushed once, when the
/// read batch completes.
public final class ChannelCircuitMux: ChannelDuplexHandler, RemovableChannelHandler {
    /// Cells from the link layer, after the handshake.
    public typealias InboundIn = Cell
    /// Cells written by other handlers pass through unchanged.
    public typealias OutboundIn = Cell
    /// Cells for the link layer to encode.
    public typealias OutboundOut = Cell

    /// The negotiated link protocol (tor-spec 4.1), which sets the circuit ID width.
    public let linkProtocol: UInt16
    private var allocator: CircuitIDAllocator
    private var circuits: [CircuitID: TorCircuit] = [:]
    private var context: ChannelHandlerContext?
    private var inReadBatch = false
    private var needsFlush = false
    /// Circuits that queued stream data during the current read batch.
    private var circuitsWithDeliveries: [TorCircuit] = []
    private var closeCause: (any Error)?
    private var isClosed = false
    /// The link's codec, when it is in this pipeline: cells go to it by a plain call, since a
    /// `Cell` in `NIOAny` would be boxed on the heap per cell. Without it (a test pipeline
    /// that reads cells) they are written down the pipeline.
    private var codec: CellCodecHandler?
    let logger: Logger

    /// Circuits ever registered on this channel: the pool tells a fresh channel from an idle one.
    public private(set) var circuitsCreated = 0

    /// A mux for a channel that negotiated `linkProtocol`.
    public init(
        linkProtocol: UInt16, logger: Logger = Logger(label: "torswift.circuit"),
        random: @escaping () -> UInt32 = { UInt32.random(in: .min ... .max) }
    ) {
        self.linkProtocol = linkProtocol
        self.allocator = CircuitIDAllocator(linkProtocol: linkProtocol, random: random)
        self.logger = logger
    }

    /// Circuits currently open or being built on this channel.
    public var circuitCount: Int { circuits.count }

    /// The channel's event loop; valid once the handler is added.
    var eventLoop: any EventLoop { context!.eventLoop }

    /// The allocator for cell buffers.
    var bufferAllocator: ByteBufferAllocator { context?.channel.allocator ?? ByteBufferAllocator() }

    /// True while the channel accepts writes without queuing beyond its high watermark.
    var isWritable: Bool { context?.channel.isWritable ?? false }

    // MARK: Circuits

    /// Registers a new circuit under a fresh ID. Throws `circuit.channelClosed` when the channel
    /// is gone, `circuit.idsExhausted` when no ID is free.
    public func makeCircuit() throws -> TorCircuit {
        guard !isClosed, context != nil else { throw CircuitError.channelClosed(closeCause) }
        let id = try allocator.allocate { circuits[$0] != nil }
        let circuit = TorCircuit(id: id, mux: self)
        circuits[id] = circuit
        circuitsCreated += 1
        return circuit
    }

    /// Forgets a circuit that closed.
    func unregister(_ id: CircuitID) {
        circuits[id] = nil
    }

    /// Writes a cell; it leaves at the end of the read batch or at the next ``flush()``.
    func send(_ cell: Cell) {
        guard let context else { return }
        if let codec {
            codec.writeCell(cell)
        } else {
            context.write(wrapOutboundOut(cell), promise: nil)
        }
        needsFlush = true
    }

    /// Flushes written cells unless a read batch is in progress (which flushes at its end).
    func flush() {
        guard !inReadBatch, needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    /// Flushes written cells now, even inside a read batch: for circuit SENDMEs on a hop with
    /// congestion control, whose delay the exit reads as round-trip time (prop 324 2.1).
    func flushNow() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    /// Asks for `circuit`'s queued stream data to be handed out when the read batch ends.
    func scheduleDeliveries(for circuit: TorCircuit) {
        if inReadBatch {
            circuitsWithDeliveries.append(circuit)
        } else {
            circuit.deliverQueuedData()
        }
    }

    // MARK: Channel events

    /// Keeps the context, through which circuits flush, and finds the link's codec, to which
    /// they write.
    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        codec = try? context.pipeline.syncOperations.handler(type: CellCodecHandler.self)
        codec?.deliverCells(to: self)
    }

    /// Fails every circuit: without the mux they can neither send nor receive.
    public func handlerRemoved(context: ChannelHandlerContext) {
        closeAllCircuits(cause: closeCause)
        self.context = nil
        codec?.deliverCells(to: nil)
        codec = nil
    }

    /// Drops padding and channel-level cells, and routes the rest to their circuit.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receive(unwrapInboundIn(data))
    }

    /// ``channelRead(context:data:)`` for a cell the link's codec hands over directly (no
    /// `NIOAny` box); the read batch still ends with the pipeline's `channelReadComplete`.
    func receive(_ cell: Cell) {
        inReadBatch = true
        switch cell.command {
        case .padding, .vpadding:
            return  // Link padding is dropped on receipt (tor-spec 7.2).
        default:
            break
        }
        guard !cell.circuitID.isZero else {
            logger.debug("dropping a channel-level cell after the link handshake", metadata: ["command": "\(cell.command)"])
            return
        }
        // Cells for circuits we do not know (closed, or never ours) are dropped (tor-spec 5.5.1).
        circuits[cell.circuitID]?.receive(cell)
    }

    /// Ends the read batch: hands queued stream data out, then flushes what was written.
    public func channelReadComplete(context: ChannelHandlerContext) {
        inReadBatch = false
        // Deliveries can unblock writers, which may queue more circuits: loop until quiet.
        while !circuitsWithDeliveries.isEmpty {
            let batch = circuitsWithDeliveries
            circuitsWithDeliveries.removeAll(keepingCapacity: true)
            for circuit in batch { circuit.deliverQueuedData() }
        }
        flush()
        context.fireChannelReadComplete()
    }

    /// Lets streams package again once the channel drained.
    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            for circuit in Array(circuits.values) { circuit.resumePackaging() }
            flush()
        }
        context.fireChannelWritabilityChanged()
    }

    /// Fails every circuit with `circuit.channelClosed`.
    public func channelInactive(context: ChannelHandlerContext) {
        closeAllCircuits(cause: closeCause)
        context.fireChannelInactive()
    }

    /// Keeps the error to explain the close that follows; the channel's owner logs it.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeCause == nil { closeCause = error }
        logger.debug("channel error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func closeAllCircuits(cause: (any Error)?) {
        guard !isClosed else { return }
        isClosed = true
        let error = CircuitError.channelClosed(cause)
        let open = Array(circuits.values)
        circuits.removeAll()
        for circuit in open { circuit.channelDidClose(error) }
    }
}
