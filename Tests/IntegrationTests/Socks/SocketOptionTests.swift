#if canImport(Glibc)
import Glibc
#endif
import Circuit
import NIOCore
import NIOPosix
import SocksServer
import Synchronization
import Testing

/// The socket options of the connections on the latency path, read back from the kernel: the
/// SOCKS connections we accept and the TCP connections to relays carry small writes (SOCKS
/// replies, 514-byte cells) that must leave at once, so both have TCP_NODELAY at the TCP level,
/// and nothing sets SOL_SOCKET option 1 (SO_DEBUG) by mistake, which needs CAP_NET_ADMIN: an
/// unprivileged client would have every connection closed.
@Suite struct SocketOptionTests {
    /// What the kernel says about one connected socket.
    struct Options: Sendable, Equatable {
        var noDelay: SocketOptionValue
        var debug: SocketOptionValue
    }

    static let noDelay = ChannelOptions.tcpOption(.tcp_nodelay)
    static let debug = ChannelOptions.socketOption(NIOBSDSocket.Option(rawValue: SO_DEBUG))

    /// Captures the options of the accepted SOCKS connection once the handler glues it.
    final class OptionReader: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<Options>

        init(promise: EventLoopPromise<Options>) { self.promise = promise }

        func handlerAdded(context: ChannelHandlerContext) {
            promise.completeWith(Result {
                let options = try #require(context.channel.syncOptions)
                return Options(noDelay: try options.getOption(SocketOptionTests.noDelay),
                               debug: try options.getOption(SocketOptionTests.debug))
            })
        }
    }

    /// Hands every CONNECT a relay handler that only reads the connection's options.
    struct ReadingDelegate: SocksRequestDelegate {
        let promise: EventLoopPromise<Options>

        func handle(_ request: SocksRequest, context: SocksConnectionContext) -> EventLoopFuture<SocksOutcome> {
            let promise = self.promise
            return context.eventLoop.makeSucceededFuture(.connected(installRelay: { pipeline in
                try pipeline.addHandler(OptionReader(promise: promise))
            }))
        }
    }

    /// Runs `body` with a one-thread event loop group, shut down afterwards either way.
    func withGroup(_ body: (MultiThreadedEventLoopGroup) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await body(group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    @Test func acceptedSocksConnectionHasNoDelayAtTheTCPLevel() async throws {
        try await withGroup { group in
            let promise = group.next().makePromise(of: Options.self)
            let listener = try await SocksListener.bind(
                port: 0, group: group, delegate: ReadingDelegate(promise: promise),
                handshakeTimeout: .seconds(10), requestTimeout: .seconds(10))
            let port = try #require(listener.localAddress?.port)
            let client = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
            // Greeting (no authentication) and CONNECT 127.0.0.1:80 in one write.
            let request: [UInt8] = [5, 1, 0] + [5, 1, 0, 1, 127, 0, 0, 1, 0, 80]
            try await client.writeAndFlush(ByteBuffer(bytes: request)).get()
            let timeout = group.next().scheduleTask(in: .seconds(10)) {
                promise.fail(ChannelError.connectTimeout(.seconds(10)))
            }
            let options = try await promise.futureResult.get()
            timeout.cancel()
            #expect(options == Options(noDelay: 1, debug: 0))
            try await client.close()
            try await listener.close()
        }
    }

    @Test func relayConnectionHasNoDelayAtTheTCPLevel() async throws {
        try await withGroup { group in
            // A plain listener stands in for the ORPort: only TCP matters here, not TLS.
            let server = try await ServerBootstrap(group: group)
                .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
                .bind(host: "127.0.0.1", port: 0).get()
            let port = try #require(server.localAddress?.port)
            // The timeout is also the TLS handshake's, which this server never answers: long
            // enough that a loaded machine reads the options before the handshake gives up.
            let channel = try await ORConnector.connect(host: "127.0.0.1", port: port, group: group, timeout: .seconds(120)).get()
            let options = Options(noDelay: try await channel.getOption(Self.noDelay).get(),
                                  debug: try await channel.getOption(Self.debug).get())
            #expect(options == Options(noDelay: 1, debug: 0))
            try? await channel.close()
            try await server.close()
        }
    }
}
