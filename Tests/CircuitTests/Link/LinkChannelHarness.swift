import NIOCore
import NIOEmbedded
import TorCore

@testable import Circuit

/// An EmbeddedChannel with the whole channel stack, ``TLSChannelHandler``,
/// ``CellCodecHandler``, ``LinkHandshakeHandler``, then a recorder standing in for the circuit
/// layer; a server-mode ``TLSEngine`` (OpenSSL's own server, presenting ``TestTLSIdentity``)
/// plays the relay at the other end of the wire.
final class LinkChannelHarness {
    /// Records what reaches the circuit layer.
    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = Cell
        var cells: [Cell] = []
        var infos: [ChannelInfo] = []
        var errors: [any Error] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) { cells.append(unwrapInboundIn(data)) }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let info = event as? ChannelInfo { infos.append(info) }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.append(error) }
    }

    let channel: EmbeddedChannel
    let recorder = Recorder()
    let relay: TLSEngine
    let completion: EventLoopPromise<ChannelInfo>
    private(set) var outcome: Result<ChannelInfo, any Error>?

    init(expected: RelayIdentity = TestRelayKeys.identity, timeout: TimeAmount? = nil) throws {
        channel = EmbeddedChannel()
        completion = channel.embeddedEventLoop.makePromise()
        try channel.pipeline.syncOperations.addHandlers(
            TLSChannelHandler(engine: try TLSEngine()),
            CellCodecHandler(),
            LinkHandshakeHandler(expectedIdentity: expected, timeout: timeout, now: { TestRelayKeys.now }, completion: completion),
            recorder)
        relay = try TLSEngine(
            serverCertificatePEM: TestTLSIdentity.certificatePEM, privateKeyPEM: TestTLSIdentity.privateKeyPEM)
        relay.startHandshake()
        completion.futureResult.assumeIsolated().whenComplete { self.outcome = $0 }
    }

    /// Connects to 127.0.0.2:9001 and runs the TLS handshake with the relay.
    func connectAndCompleteTLS() throws {
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.2", port: 9001)).wait()
        // A few round trips finish both sides; extra ones move nothing.
        for _ in 0..<4 {
            try deliverToRelay()
            _ = try relay.advanceHandshake()
            try deliverToClient()
        }
    }

    /// Moves everything the client sent into the relay.
    func deliverToRelay() throws {
        while let ciphertext = try channel.readOutbound(as: ByteBuffer.self) {
            ciphertext.withUnsafeReadableBytes { relay.receiveCiphertext($0) }
        }
    }

    /// Feeds the relay's pending ciphertext to the client as one socket read.
    func deliverToClient() throws {
        var ciphertext = ByteBufferAllocator().buffer(capacity: 0)
        relay.takeCiphertext(into: &ciphertext)
        if ciphertext.readableBytes > 0 { try channel.writeInbound(ciphertext) }
    }

    /// Has the relay send `bytes` as application data, delivered as one socket read.
    func relaySends(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try relay.writePlaintext($0) }
        try deliverToClient()
    }

    /// Everything the relay decrypted from the client so far.
    func relayReceives() throws -> [UInt8] {
        try deliverToRelay()
        var plaintext = ByteBufferAllocator().buffer(capacity: 0)
        _ = try relay.readPlaintext(into: &plaintext)
        return Array(plaintext.readableBytesView)
    }

    var failure: CircuitError? {
        if case .failure(let error) = outcome { error as? CircuitError } else { nil }
    }
}
