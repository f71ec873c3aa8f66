import NIOCore

/// Carries out SOCKS requests: the bridge from the SOCKS listener to Tor streams.
///
/// ``SocksServerHandler`` calls ``handle(_:context:)`` once per connection, when the handshake is
/// complete, on the connection's event loop. The delegate opens the stream (or does the lookup)
/// and completes the future with the outcome; the handler then sends the reply. For CONNECT the
/// delegate sends ``SocksRequest/optimisticData`` with or after its BEGIN, and its relay handler
/// receives every later client byte through the pipeline once installed.
public protocol SocksRequestDelegate: Sendable {
    /// Carries out `request`. A failed future is answered with general failure. The delegate
    /// should give up on its own well before the handler's request timeout, with a precise reason;
    /// it learns of a client that went away from ``SocksConnectionContext/closeFuture``.
    func handle(_ request: SocksRequest, context: SocksConnectionContext) -> EventLoopFuture<SocksOutcome>
}

/// How a request turned out, including what the handler needs to start relaying.
public enum SocksOutcome: Sendable {
    /// CONNECT succeeded. After sending the reply, the handler calls `installRelay` on the event
    /// loop to add the handlers that carry bytes between the client and the stream (they receive
    /// client bytes as `ByteBuffer` reads and write `ByteBuffer`s to the client), then passes on
    /// the client bytes it held back and removes itself.
    case connected(installRelay: @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void)
    /// RESOLVE answered with an address, or RESOLVE_PTR with a hostname; the connection closes
    /// after the reply.
    case resolved(SocksTarget)
    /// The request failed with this SOCKS5 reply code; SOCKS4 clients see X'5B'.
    case failed(SocksReplyCode)

    /// A failure from the reason of the RELAY_END that refused the stream (tor-spec §6.3), mapped
    /// by ``SocksReplyCode/init(endReason:)``.
    public static func failed(endReason: UInt8) -> SocksOutcome {
        .failed(SocksReplyCode(endReason: endReason))
    }

    /// The result the state machine needs to build the reply.
    var result: SocksResult {
        switch self {
        case .connected: .connected
        case .resolved(let answer): .resolved(answer)
        case .failed(let code): .failed(code)
        }
    }
}

/// What the delegate knows about the connection a request came in on, for isolation and glue.
public struct SocksConnectionContext: Sendable {
    /// The client's address and source port, when the channel knows it.
    public var clientAddress: SocketAddress?
    /// The address the listener accepted the connection on.
    public var listenerAddress: SocketAddress?
    /// The listener's options, isolation flags included.
    public var options: SocksPortOptions
    /// The connection's event loop; streams glued to it should live on the same loop.
    public var eventLoop: any EventLoop
    /// Completes when the client connection closes, so a pending request can be abandoned.
    public var closeFuture: EventLoopFuture<Void>
    /// Closes the client connection (a controller's CLOSESTREAM); what hangs on
    /// ``closeFuture`` then runs as if the client had left.
    public var closeConnection: @Sendable () -> Void

    /// The client's TCP source port, for `IsolateClientAddr`-style keys.
    public var clientPort: Int? { clientAddress?.port }

    /// Creates the value from its fields.
    public init(
        clientAddress: SocketAddress?, listenerAddress: SocketAddress?, options: SocksPortOptions,
        eventLoop: any EventLoop, closeFuture: EventLoopFuture<Void>, closeConnection: @escaping @Sendable () -> Void = {}
    ) {
        self.clientAddress = clientAddress
        self.listenerAddress = listenerAddress
        self.options = options
        self.eventLoop = eventLoop
        self.closeFuture = closeFuture
        self.closeConnection = closeConnection
    }
}

/// A ``SocksRequestDelegate`` made from an async closure, for callers living in async code.
public struct AsyncSocksRequestDelegate: SocksRequestDelegate {
    private let body: @Sendable (SocksRequest, SocksConnectionContext) async throws -> SocksOutcome

    /// A delegate that runs `body` as a task for each request.
    public init(_ body: @escaping @Sendable (SocksRequest, SocksConnectionContext) async throws -> SocksOutcome) {
        self.body = body
    }

    /// Runs the closure and completes the future on the connection's event loop.
    public func handle(_ request: SocksRequest, context: SocksConnectionContext) -> EventLoopFuture<SocksOutcome> {
        context.eventLoop.makeFutureWithTask { try await body(request, context) }
    }
}
