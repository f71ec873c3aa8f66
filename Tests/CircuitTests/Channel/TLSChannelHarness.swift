import NIOCore
import NIOEmbedded
import TorCore

@testable import Circuit

/// An EmbeddedChannel with a ``TLSChannelHandler`` between a read counter (towards the socket)
/// and a recorder (towards the link layer), and a server-mode ``TLSEngine`` (OpenSSL's own
/// server) playing the relay at the other end of the wire.
final class TLSChannelHarness {
    /// Counts `read()` requests that reach the socket.
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    /// Records what the TLS handler passes up.
    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var handshakes: [TLSHandshakeCompleted] = []
        var plaintext: [UInt8] = []
        var readCompletes = 0
        var errors: [any Error] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            plaintext += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
        func channelReadComplete(context: ChannelHandlerContext) { readCompletes += 1 }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSHandshakeCompleted { handshakes.append(event) }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.append(error) }
    }

    /// Captures a future's result on the embedded loop, so a test can see it is still pending.
    final class Probe {
        var result: Result<Void, any Error>?
        init(_ future: EventLoopFuture<Void>) {
            future.assumeIsolated().whenComplete { self.result = $0 }
        }
        var succeeded: Bool { if case .success = result { true } else { false } }
        var error: (any Error)? { if case .failure(let error) = result { error } else { nil } }
    }

    let channel: EmbeddedChannel
    let readCounter = ReadCounter()
    let recorder = Recorder()
    let relay: TLSEngine

    init(handshakeTimeout: TimeAmount? = nil) throws {
        let handler = TLSChannelHandler(engine: try TLSEngine(), handshakeTimeout: handshakeTimeout)
        channel = EmbeddedChannel(handlers: [readCounter, handler, recorder])
        relay = try TLSEngine(
            serverCertificatePEM: TestTLSIdentity.certificatePEM, privateKeyPEM: TestTLSIdentity.privateKeyPEM)
        relay.startHandshake()
    }

    /// Makes the channel active, which starts the client handshake.
    func connect() throws {
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9001)).wait()
    }

    /// Moves everything the handler sent into the relay; returns the byte count.
    @discardableResult
    func deliverToRelay() throws -> Int {
        var total = 0
        while let ciphertext = try channel.readOutbound(as: ByteBuffer.self) {
            total += ciphertext.readableBytes
            ciphertext.withUnsafeReadableBytes { relay.receiveCiphertext($0) }
        }
        return total
    }

    /// The relay's pending ciphertext, taken out of it.
    func takeRelayCiphertext() -> ByteBuffer {
        var ciphertext = ByteBufferAllocator().buffer(capacity: 0)
        relay.takeCiphertext(into: &ciphertext)
        return ciphertext
    }

    /// Feeds the relay's pending ciphertext to the handler as one socket read.
    func deliverToClient() throws {
        let ciphertext = takeRelayCiphertext()
        if ciphertext.readableBytes > 0 { try channel.writeInbound(ciphertext) }
    }

    /// Runs both handshakes to completion, bounded to a few round trips.
    func completeHandshake() throws {
        for _ in 0..<6 where !(relay.isHandshakeComplete && recorder.handshakes.count == 1) {
            try deliverToRelay()
            _ = try relay.advanceHandshake()
            try deliverToClient()
        }
    }

    /// Has the relay send `text` as application data, delivered as one socket read.
    func relaySends(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { try relay.writePlaintext($0) }
        try deliverToClient()
    }

    /// What the relay decrypts from everything the handler sent so far.
    func relayReceives() throws -> String {
        try deliverToRelay()
        var plaintext = ByteBufferAllocator().buffer(capacity: 0)
        _ = try relay.readPlaintext(into: &plaintext)
        return plaintext.readString(length: plaintext.readableBytes) ?? ""
    }

    /// Writes (and flushes, unless told not to) `text` from the link layer's side.
    func write(_ text: String, flush: Bool = true) -> Probe {
        let promise = channel.embeddedEventLoop.makePromise(of: Void.self)
        channel.write(ByteBuffer(string: text), promise: promise)
        if flush { channel.flush() }
        return Probe(promise.futureResult)
    }
}
