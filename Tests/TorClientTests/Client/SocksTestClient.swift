import NIOCore
import NIOPosix
import Synchronization

/// What a test SOCKS client has received, and whether the server closed the connection.
final class ReceivedBytes: Sendable {
    private let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))

    /// Every byte received so far.
    var bytes: [UInt8] { state.withLock { $0.bytes } }
    /// True once the connection closed.
    var isClosed: Bool { state.withLock { $0.closed } }

    func append(_ more: [UInt8]) { state.withLock { $0.bytes += more } }
    func markClosed() { state.withLock { $0.closed = true } }
}

/// Collects inbound bytes into a ``ReceivedBytes``.
final class CollectingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let sink: ReceivedBytes

    init(sink: ReceivedBytes) { self.sink = sink }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        sink.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    func channelInactive(context: ChannelHandlerContext) {
        sink.markClosed()
        context.fireChannelInactive()
    }
}

/// A raw SOCKS client on 127.0.0.1 for tests of the client's SOCKS handling: it writes exact
/// bytes and records every byte the server answers.
struct SocksTestClient {
    /// SOCKS5 greeting offering no authentication (RFC 1928 §3).
    static let greeting: [UInt8] = [0x05, 0x01, 0x00]
    /// SOCKS5 CONNECT to 127.0.0.1:80 (RFC 1928 §4).
    static let connectRequest: [UInt8] = [0x05, 0x01, 0x00, 0x01, 127, 0, 0, 1, 0, 80]
    /// SOCKS5 RESOLVE (tor's extension F0, socks-extensions.txt §2) of `example.com`.
    static let resolveRequest: [UInt8] = [0x05, 0xF0, 0x00, 0x03, 11] + Array("example.com".utf8) + [0, 0]

    let channel: any Channel
    let received: ReceivedBytes

    /// Connects to the listener at 127.0.0.1:`port`.
    static func connect(port: Int, group: any EventLoopGroup) async throws -> SocksTestClient {
        let received = ReceivedBytes()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(sink: received))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return SocksTestClient(channel: channel, received: received)
    }

    /// Writes `bytes` in one segment.
    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Closes the connection from the client's side.
    func close() async {
        try? await channel.close()
    }
}

/// Polls `condition` every 10 ms until it holds or `limit` of real time passes; true if it held.
func poll(within limit: Duration, _ condition: () async -> Bool) async -> Bool {
    let end = ContinuousClock.now + limit
    while ContinuousClock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
