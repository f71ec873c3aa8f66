import Logging
import NIOCore
import TorCore

/// The I/O shell of one controller connection: frames bytes with ``ControlCommandDecoder``,
/// runs ``ControlSessionStateMachine``, asks the backend for commands that need the client, and
/// writes subscribed events (control-spec.txt §2, §4.1).
///
/// Commands are answered strictly in order: while a backend request runs, further bytes are
/// buffered (bounded by ``ControlLimits``) and not decoded. Back-pressure rule for events: while
/// the socket is writable events are written at once; while it is not, they queue; a controller
/// that lets more than ``ControlLimits/maximumQueuedEvents`` pile up is disconnected with a
/// warning, because silently dropping events would leave its view of circuits and streams wrong.
public final class ControlConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private var session: ControlSessionStateMachine
    private var decoder = ControlCommandDecoder()
    private var inbound: ByteBuffer?
    private let backend: any ControlPortBackend
    private let events: ControlEventHub
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var registration: UInt64?
    private var queuedEvents = CircularBuffer<ControlEvent>()
    private var isWaitingForBackend = false
    private var isClosing = false
    /// Unprocessed input we hold at most: one maximal multi-line command.
    static let maximumPendingBytes = ControlLimits.maximumDataLength + 2 * ControlLimits.maximumLineLength

    /// A handler for one accepted connection.
    public init(session: ControlSessionStateMachine, backend: any ControlPortBackend, events: ControlEventHub, logger: Logger) {
        self.session = session
        self.backend = backend
        self.events = events
        self.logger = logger
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        registration = events.register { event in
            loop.execute { bound.value.deliver(event) }
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        if let registration { events.unregister(registration) }
        registration = nil
        self.context = nil
    }

    public func channelInactive(context: ChannelHandlerContext) {
        if let registration { events.unregister(registration) }
        registration = nil
        isClosing = true
        if session.ownsClient {
            // TAKEOWNERSHIP (control-spec §3.23): the owner is gone, so the client exits.
            let backend = self.backend
            Task { await backend.owningControllerDisconnected() }
        }
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if inbound == nil { inbound = bytes } else { inbound!.writeBuffer(&bytes) }
        // Pipelined bytes wait while the backend works; bound them like one command's worth.
        if let pending = inbound?.readableBytes, pending > Self.maximumPendingBytes {
            logger.warning("closing a control connection that sent \(pending) unprocessed bytes")
            close(context: context)
            return
        }
        processCommands(context: context)
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        drainEvents(context: context)
        context.fireChannelWritabilityChanged()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.info("control connection error: \(error)")
        close(context: context)
    }

    private func processCommands(context: ChannelHandlerContext) {
        while !isWaitingForBackend && !isClosing, inbound != nil {
            let action: ControlAction
            do {
                guard let command = try decoder.decode(&inbound!) else { break }
                action = session.receive(command)
            } catch {
                action = session.malformed(error)
            }
            perform(action, context: context)
        }
        if inbound?.readableBytes == 0 { inbound = nil } else { inbound?.discardReadBytes() }
    }

    private func perform(_ action: ControlAction, context: ChannelHandlerContext) {
        switch action {
        case .reply(let reply):
            write(reply, context: context)
        case .replyAndClose(let reply):
            // Close only after the reply left, so the controller sees why (e.g. 515).
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            isClosing = true
            write(reply, context: context).whenComplete { _ in
                bound.value.context?.close(promise: nil)
            }
        case .perform(let request):
            isWaitingForBackend = true
            let backend = self.backend
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.makeFutureWithTask {
                await ControlRequestExecutor.reply(to: request, backend: backend)
            }.whenSuccess { reply in
                bound.value.finish(reply)
            }
        }
    }

    private func finish(_ reply: ControlReply) {
        isWaitingForBackend = false
        guard let context, !isClosing else { return }
        write(reply, context: context)
        processCommands(context: context)
    }

    @discardableResult
    private func write(_ reply: ControlReply, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        reply.encode(into: &buffer)
        return context.writeAndFlush(wrapOutboundOut(buffer))
    }

    private func deliver(_ event: ControlEvent) {
        guard let context, !isClosing, session.isAuthenticated, session.subscribedEvents.contains(event.kind) else { return }
        queuedEvents.append(event)
        guard queuedEvents.count <= ControlLimits.maximumQueuedEvents else {
            logger.warning("closing a control connection that stopped reading: \(queuedEvents.count) events queued")
            queuedEvents.removeAll()
            close(context: context)
            return
        }
        drainEvents(context: context)
    }

    private func drainEvents(context: ChannelHandlerContext) {
        while context.channel.isWritable, let event = queuedEvents.popFirst() {
            write(event.reply, context: context)
        }
    }

    private func close(context: ChannelHandlerContext) {
        guard !isClosing else { return }
        isClosing = true
        context.close(promise: nil)
    }
}

/// The handler lives on its channel's event loop; it crosses threads only through `NIOLoopBound`.
@available(*, unavailable)
extension ControlConnectionHandler: Sendable {}
