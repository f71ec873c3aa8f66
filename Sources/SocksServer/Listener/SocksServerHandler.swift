import Logging
import NIOCore
import TorCore

/// Runs ``SocksServerStateMachine`` on one client connection, hands the request to a
/// ``SocksRequestDelegate``, sends the reply, and then gets out of the way.
///
/// Bounded in time and memory: the handshake must finish within `handshakeTimeout` (tor(1)
/// `SocksTimeout`), the outcome must come within `requestTimeout`, and while the outcome is
/// pending at most ``maximumHeldBytes`` of client data are held before reading stops. After a
/// CONNECT succeeds the handler installs the delegate's relay handlers, passes them the bytes it
/// held, and removes itself; on any other outcome it closes after the reply.
public final class SocksServerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// tor(1)'s default `SocksTimeout`: two minutes.
    public static let defaultTimeout: TimeAmount = .minutes(2)
    /// How much client data to hold while the outcome is pending before we stop reading. A new
    /// stream may carry 500 cells of 498 bytes before its first SENDME (tor-spec §7.4), more than
    /// any sane optimistic first flight; 64 KiB covers real protocols' first messages.
    public static let maximumHeldBytes = 64 * 1024

    enum Phase { case handshaking, awaitingOutcome, relaying, closed }

    private var machine: SocksServerStateMachine
    private let delegate: any SocksRequestDelegate
    private let options: SocksPortOptions
    private let handshakeTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let logger: Logger
    private var phase = Phase.handshaking
    /// Unparsed handshake bytes, then the client data held while the outcome is pending.
    private var held = ByteBuffer()
    private var timer: Scheduled<Void>?
    private var readHeldBack = false

    /// A handler for one connection accepted on a port with `options`.
    public init(
        delegate: any SocksRequestDelegate, options: SocksPortOptions = SocksPortOptions(),
        handshakeTimeout: TimeAmount = SocksServerHandler.defaultTimeout,
        requestTimeout: TimeAmount = SocksServerHandler.defaultTimeout,
        logger: Logger = Logger(label: "torswift.socks")
    ) {
        self.machine = SocksServerStateMachine(configuration: options.stateMachineConfiguration)
        self.delegate = delegate
        self.options = options
        self.handshakeTimeout = handshakeTimeout
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(handshakeTimeout, context: context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    public func channelActive(context: ChannelHandlerContext) {
        if timer == nil, phase == .handshaking { startTimer(handshakeTimeout, context: context) }
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if phase != .relaying { phase = .closed }
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        switch phase {
        case .handshaking:
            held.writeBuffer(&bytes)
            advanceHandshake(context: context)
        case .awaitingOutcome:
            held.writeBuffer(&bytes)
        case .relaying:
            context.fireChannelRead(data)
        case .closed:
            break
        }
    }

    public func read(context: ChannelHandlerContext) {
        if phase == .awaitingOutcome, held.readableBytes >= Self.maximumHeldBytes {
            readHeldBack = true
            return
        }
        context.read()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard phase != .relaying else { return context.fireErrorCaught(error) }
        logger.debug("SOCKS connection failed", metadata: ["error": "\(error)"])
        close(context: context)
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        while phase == .handshaking, let action = machine.receive(&held) {
            switch action {
            case .send(let bytes):
                context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            case .request(let request):
                held.discardReadBytes()
                startTimer(requestTimeout, context: context)
                phase = .awaitingOutcome
                dispatch(request, context: context)
            case .close(let reply, let error):
                logger.info("Refused a SOCKS connection", metadata: ["reason": "\(error)"])
                close(context: context, after: reply)
            }
        }
    }

    private func dispatch(_ request: SocksRequest, context: ChannelHandlerContext) {
        logger.debug("SOCKS request", metadata: [
            "version": "\(request.version)", "command": "\(request.command)",
            "target": "\(Redacted(request.target.description))", "port": "\(request.port)",
        ])
        let connection = SocksConnectionContext(
            clientAddress: context.channel.remoteAddress, listenerAddress: context.channel.localAddress,
            options: options, eventLoop: context.eventLoop, closeFuture: context.channel.closeFuture,
            closeConnection: { [channel = context.channel] in channel.close(promise: nil) })
        delegate.handle(request, context: connection)
            .hop(to: context.eventLoop)
            .assumeIsolated()
            .whenComplete { result in
                self.finish(result, context: context)
            }
    }

    private func finish(_ result: Result<SocksOutcome, any Error>, context: ChannelHandlerContext) {
        guard phase == .awaitingOutcome else { return }
        timer?.cancel()
        timer = nil
        let outcome: SocksOutcome
        switch result {
        case .success(let value):
            outcome = value
        case .failure(let error):
            logger.info("A SOCKS request failed", metadata: ["reason": "\(error)"])
            outcome = .failed(.generalFailure)
        }
        switch machine.reply(outcome.result) {
        case .relay(let reply):
            guard case .connected(let installRelay) = outcome else { return close(context: context) }
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            startRelaying(installRelay, context: context)
        case .close(let reply):
            close(context: context, after: reply)
        case nil:
            close(context: context)
        }
    }

    private func startRelaying(
        _ installRelay: (ChannelPipeline.SynchronousOperations) throws -> Void, context: ChannelHandlerContext
    ) {
        do {
            try installRelay(context.pipeline.syncOperations)
        } catch {
            logger.error("Could not start relaying a SOCKS stream", metadata: ["error": "\(error)"])
            return close(context: context)
        }
        phase = .relaying
        let clientData = held
        held = ByteBuffer()
        if clientData.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(clientData)) }
        if readHeldBack {
            readHeldBack = false
            context.read()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func startTimer(_ delay: TimeAmount, context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            self.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        switch phase {
        case .handshaking:
            let error = SocksError(.handshakeTimeout, kind: .resource,
                                   "A SOCKS client did not finish its handshake in time; closing it.")
            logger.info("Closing a slow SOCKS connection", metadata: ["reason": "\(error)"])
            close(context: context)
        case .awaitingOutcome:
            let error = SocksError(.requestTimeout, kind: .resource,
                                   "A SOCKS request was not carried out in time; the client was told the TTL expired.")
            logger.info("Giving up on a SOCKS request", metadata: ["reason": "\(error)"])
            if case .close(let reply) = machine.reply(.failed(.ttlExpired)) {
                close(context: context, after: reply)
            } else {
                close(context: context)
            }
        case .relaying, .closed:
            break
        }
    }

    /// Sends `reply` if any, then closes once it is written, so the client reads it before EOF.
    private func close(context: ChannelHandlerContext, after reply: ByteBuffer? = nil) {
        guard phase != .closed else { return }
        phase = .closed
        timer?.cancel()
        timer = nil
        guard let reply else { return context.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(reply))
            .assumeIsolated()
            .whenComplete { _ in context.close(promise: nil) }
    }
}
