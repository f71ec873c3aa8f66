import Circuit
import NIOCore
import NIOPosix
import Testing
import TorCore

/// Our TLS client variants against a real tor 0.4.9 relay of the private network, each
/// carrying a full link handshake (tor-spec 2, 4): relays take TLS 1.2 and 1.3, with or
/// without a server name, and the CERTS check binds whichever certificate TLS presented.
@Suite(.timeLimit(.minutes(5)))
struct TLSRelayTests {
    /// Hands over the ``TLSHandshakeCompleted`` event that passes the link layer.
    final class TLSEventRecorder: ChannelInboundHandler {
        typealias InboundIn = Cell
        let completed: EventLoopPromise<TLSHandshakeCompleted>

        init(completed: EventLoopPromise<TLSHandshakeCompleted>) { self.completed = completed }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSHandshakeCompleted { completed.succeed(event) }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { completed.fail(error) }
        func channelInactive(context: ChannelHandlerContext) {
            completed.fail(CircuitError(.tlsClosedDuringHandshake, kind: .protocolViolation, "closed"))
        }
    }

    static let variants: [(maximum: TLSEngine.ProtocolVersion, serverName: String?, expected: String)] = [
        (.tls13, nil, "TLSv1.3"),
        (.tls12, nil, "TLSv1.2"),
        (.tls13, "www.example.com", "TLSv1.3"),
    ]

    @Test(arguments: variants)
    func relayCompletesTheLinkHandshakeOver(_ maximum: TLSEngine.ProtocolVersion, serverName: String?, expected: String) async throws {
        let network = try await TestNetwork.shared()
        let relay = try #require(network.relays.first { !$0.isAuthority })
        let identity = try relay.channelTarget.identity
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let tls = loop.makePromise(of: TLSHandshakeCompleted.self)
        let link = loop.makePromise(of: ChannelInfo.self)
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let engine = try TLSEngine(serverName: serverName, maximumVersion: maximum)
                    try channel.pipeline.syncOperations.addHandlers(
                        TLSChannelHandler(engine: engine, handshakeTimeout: .seconds(30)),
                        CellCodecHandler(),
                        LinkHandshakeHandler(expectedIdentity: identity, timeout: .seconds(30), now: ORConnector.systemClock, completion: link),
                        TLSEventRecorder(completed: tls))
                }
            }
            .connect(host: relay.address, port: relay.orPort).get()
        let handshake = try await tls.futureResult.get()
        let info = try await link.futureResult.get()
        #expect(handshake.protocolVersion == expected)
        #expect(info.relayIdentity.ed25519Identity == relay.ed25519Identity)
        print("\(relay.nickname) accepted \(handshake.protocolVersion) \(handshake.cipherSuite), SNI \(serverName ?? "none"), link protocol \(info.linkProtocol)")
        try await channel.close()
    }
}
