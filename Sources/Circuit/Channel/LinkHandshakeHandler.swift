import NIOCore
import TorCore

/// Drives ``LinkHandshakeStateMachine`` on a channel: the I/O shell of the link handshake
/// (tor-spec 4), above ``CellCodecHandler``.
///
/// - Sends VERSIONS when the channel becomes active (the TLS handler holds it until TLS is up)
///   and learns the relay's certificate from ``TLSHandshakeCompleted``.
/// - On success fires the ``ChannelInfo`` as a user inbound event, completes the promise it
///   was given, and from then on passes cells up unchanged, except PADDING and VPADDING,
///   which it drops (tor-spec 7.2: they carry nothing).
/// - On failure (a check, a timeout, an error below, an early close) fails the promise with
///   a ``CircuitError``, fires it, and closes the channel.
///
/// Not thread-safe: lives on its channel's event loop, like every channel handler.
public final class LinkHandshakeHandler: ChannelInboundHandler {
    public typealias InboundIn = Cell
    public typealias InboundOut = Cell
    public typealias OutboundOut = Cell

    private enum Status {
        case waiting, handshaking, open, failed
    }

    private let expectedIdentity: RelayIdentity
    private let timeout: TimeAmount?
    private let now: @Sendable () -> Int64
    private let completion: EventLoopPromise<ChannelInfo>?
    private var status = Status.waiting
    private var machine: LinkHandshakeStateMachine?
    private var tlsCertificateDER: [UInt8]?
    private var timer: Scheduled<Void>?

    /// A handler that requires the relay to prove `expectedIdentity`.
    /// - Parameters:
    ///   - timeout: fail with `link.timedOut` if the handshake is not done this long after the
    ///     channel became active; nil for no limit.
    ///   - now: the wall clock, Unix seconds, for certificate expiry and ``ChannelInfo``.
    ///   - completion: completed with the channel's details or failed with the error.
    public init(
        expectedIdentity: RelayIdentity, timeout: TimeAmount? = nil,
        now: @escaping @Sendable () -> Int64, completion: EventLoopPromise<ChannelInfo>? = nil
    ) {
        self.expectedIdentity = expectedIdentity
        self.timeout = timeout
        self.now = now
        self.completion = completion
    }

    /// Starts the handshake at once if the channel is already connected.
    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    /// Fails a handshake still running: nobody is left to finish it.
    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        if status == .waiting || status == .handshaking {
            status = .failed
            completion?.fail(CircuitError(
                .linkClosedDuringHandshake, kind: .internalFailure,
                "The link handshake handler was removed before the handshake finished. This is a bug."))
        }
    }

    /// Sends VERSIONS and starts the timeout.
    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    /// A close before the handshake finished fails it with `link.closedDuringHandshake`.
    public func channelInactive(context: ChannelHandlerContext) {
        if status == .waiting || status == .handshaking {
            fail(context: context, CircuitError(
                .linkClosedDuringHandshake, kind: .protocolViolation,
                "The relay closed the connection during the link handshake. It may be overloaded or not a tor relay; try another."))
        }
        context.fireChannelInactive()
    }

    /// Feeds the state machine during the handshake; afterwards passes cells up, dropping padding.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch status {
        case .open:
            let command = unwrapInboundIn(data).command
            if command == .padding || command == .vpadding { return }
            context.fireChannelRead(data)
        case .handshaking:
            guard var machine else { return }
            let action = machine.receive(unwrapInboundIn(data), now: now())
            self.machine = machine
            perform(action, context: context)
        case .waiting:
            fail(context: context, CircuitError(
                .linkUnexpectedCell, kind: .protocolViolation,
                "The relay sent a cell before the link handshake started; the connection is closed. Try another relay."))
        case .failed:
            break
        }
    }

    /// Takes the relay's TLS certificate from ``TLSHandshakeCompleted``; passes every event on.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            tlsCertificateDER = completed.peerCertificateDER
            machine?.tlsHandshakeCompleted(peerCertificateDER: completed.peerCertificateDER)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// An error below during the handshake fails it with that error; passes every error on.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if status == .waiting || status == .handshaking {
            // The handler below (TLS, framing) reported it and closes the channel itself.
            status = .failed
            timer?.cancel()
            completion?.fail(error)
        }
        context.fireErrorCaught(error)
    }

    // MARK: Driving the state machine

    private func start(context: ChannelHandlerContext) {
        guard status == .waiting else { return }
        guard let relayAddress = context.channel.remoteAddress.flatMap(Self.netinfoAddress) else {
            fail(context: context, CircuitError(
                .linkConnectFailed, kind: .internalFailure,
                "The channel has no IP peer address to put in NETINFO; a link needs a TCP connection to a relay."))
            return
        }
        status = .handshaking
        var machine = LinkHandshakeStateMachine(expectedIdentity: expectedIdentity, relayAddress: relayAddress)
        if let tlsCertificateDER { machine.tlsHandshakeCompleted(peerCertificateDER: tlsCertificateDER) }
        let action = machine.start()
        self.machine = machine
        if let timeout {
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                guard self.status == .handshaking else { return }
                self.fail(context: context, CircuitError(
                    .linkTimedOut, kind: .resource,
                    "The link handshake with the relay did not finish within \(timeout.nanoseconds / 1_000_000) ms. The relay may be overloaded or unreachable; try another."))
            }
        }
        perform(action, context: context)
    }

    private func perform(_ action: LinkHandshakeAction, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .send(let cells):
            send(cells, context: context)
        case .complete(let cells, let info):
            status = .open
            timer?.cancel()
            timer = nil
            machine = nil
            send(cells, context: context)
            completion?.succeed(info)
            context.fireUserInboundEventTriggered(info)
        case .fail(let error):
            fail(context: context, error)
        }
    }

    private func send(_ cells: [Cell], context: ChannelHandlerContext) {
        for cell in cells {
            context.write(wrapOutboundOut(cell), promise: nil)
        }
        context.flush()
    }

    private func fail(context: ChannelHandlerContext, _ error: CircuitError) {
        guard status != .failed else { return }
        status = .failed
        timer?.cancel()
        machine = nil
        completion?.fail(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    /// NETINFO's form of the address we connected to.
    static func netinfoAddress(_ address: SocketAddress) -> NetinfoAddress? {
        guard let text = address.ipAddress else { return nil }
        if let v4 = IPv4Address(text) { return .ipv4(v4) }
        if let v6 = IPv6Address(text) { return .ipv6(v6) }
        return nil
    }
}
