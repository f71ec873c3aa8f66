import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import SocksServer

/// A delegate that records each request and answers with a fixed outcome, or leaves the request
/// pending on a promise the test completes.
final class TestDelegate: SocksRequestDelegate {
    struct Seen {
        var requests: [SocksRequest] = []
        var contexts: [SocksConnectionContext] = []
        var pending: [EventLoopPromise<SocksOutcome>] = []
    }

    enum Answer: Sendable {
        case outcome(SocksOutcome)
        case error(SocksError)
        case pending
    }

    let answer: Answer
    let seen = Mutex(Seen())

    init(_ answer: Answer) { self.answer = answer }

    func handle(_ request: SocksRequest, context: SocksConnectionContext) -> EventLoopFuture<SocksOutcome> {
        seen.withLock {
            $0.requests.append(request)
            $0.contexts.append(context)
        }
        switch answer {
        case .outcome(let outcome): return context.eventLoop.makeSucceededFuture(outcome)
        case .error(let error): return context.eventLoop.makeFailedFuture(error)
        case .pending:
            let promise = context.eventLoop.makePromise(of: SocksOutcome.self)
            seen.withLock { $0.pending.append(promise) }
            return promise.futureResult
        }
    }

    var requests: [SocksRequest] { seen.withLock { $0.requests } }
    var contexts: [SocksConnectionContext] { seen.withLock { $0.contexts } }
    var pending: [EventLoopPromise<SocksOutcome>] { seen.withLock { $0.pending } }
}

/// Stands in for the stream relay: records the client bytes it is handed.
final class RelayRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    var received: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += Array(buffer: unwrapInboundIn(data))
    }
}

let installRecorder: @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void = { pipeline in
    try pipeline.addHandler(RelayRecorder())
}

@Suite struct SocksServerHandlerTests {
    let timeout = TimeAmount.seconds(30)

    func connectedChannel(_ delegate: TestDelegate, options: SocksPortOptions = .init()) throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let handler = SocksServerHandler(delegate: delegate, options: options, handshakeTimeout: timeout, requestTimeout: timeout)
        let channel = EmbeddedChannel(handler: handler, loop: loop)
        channel.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 9050)
        channel.remoteAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 51234)
        try channel.connect(to: channel.remoteAddress!).wait()
        return (channel, loop)
    }

    /// Everything written to the client so far.
    func written(_ channel: EmbeddedChannel) throws -> [UInt8] {
        var all: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { all += Array(buffer: buffer) }
        return all
    }

    @Test func connectSuccessRepliesThenRelaysHeldAndLaterBytes() throws {
        let delegate = TestDelegate(.pending)
        let options = SocksPortOptions(isolation: [.clientAddress, .socksAuthentication, .destinationPort], sessionGroup: 7)
        let (channel, _) = try connectedChannel(delegate, options: options)
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 2], [1, 1], "u", [1], "p")))
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 0, 3], exampleCom, [0, 80], "early ")))
        try channel.writeInbound(ByteBuffer(string: "while pending "))
        #expect(try written(channel) == [5, 2, 1, 0])

        let request = try #require(delegate.requests.first)
        #expect(request.target == .hostname("example.com") && request.port == 80)
        #expect(request.credentials == SocksCredentials(username: Array("u".utf8), password: Array("p".utf8)))
        #expect(request.optimisticData == ByteBuffer(string: "early "))
        let context = try #require(delegate.contexts.first)
        #expect(context.clientPort == 51234)
        #expect(context.listenerAddress?.port == 9050)
        #expect(context.options == options)

        try #require(delegate.pending.first).succeed(.connected(installRelay: installRecorder))
        #expect(try written(channel) == [5, 0, 0, 1, 0, 0, 0, 0, 0, 0])
        try channel.writeInbound(ByteBuffer(string: "after"))
        let relay = try channel.pipeline.syncOperations.handler(type: RelayRecorder.self)
        #expect(relay.received == Array("while pending after".utf8))
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: SocksServerHandler.self) }
        #expect(channel.isActive)
    }

    @Test func connectSucceedingAtOnceWithEverythingInOneRead() throws {
        let delegate = TestDelegate(.outcome(.connected(installRelay: installRecorder)))
        let (channel, _) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: bytes([4, 1, 0, 80, 10, 0, 0, 1, 0], "hello")))
        #expect(try written(channel) == [0, 0x5A, 0, 0, 0, 0, 0, 0])
        #expect(delegate.requests.first?.optimisticData == ByteBuffer(string: "hello"))
        try channel.writeInbound(ByteBuffer(string: "more"))
        #expect(try channel.pipeline.syncOperations.handler(type: RelayRecorder.self).received == Array("more".utf8))
    }

    @Test(arguments: [(UInt8(2), UInt8(4)), (3, 5), (4, 2), (7, 6), (8, 3), (5, 1)])
    func failureMapsTheEndReasonAndCloses(endReason: UInt8, code: UInt8) throws {
        let delegate = TestDelegate(.outcome(.failed(endReason: endReason)))
        let (channel, _) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 0], [5, 1, 0, 1, 1, 2, 3, 4, 0, 80])))
        #expect(try written(channel) == [5, 0] + socks5Failure(code))
        #expect(!channel.isActive)
    }

    @Test func socks4FailureIsRejected() throws {
        let delegate = TestDelegate(.outcome(.failed(endReason: 3)))
        let (channel, _) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: [4, 1, 0, 80, 1, 2, 3, 4, 0]))
        #expect(try written(channel) == socks4Rejected)
        #expect(!channel.isActive)
    }

    @Test func delegateErrorIsAGeneralFailure() throws {
        let delegate = TestDelegate(.error(SocksError("test.failure", kind: .internalFailure, "boom")))
        let (channel, _) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 0], [5, 1, 0, 1, 1, 2, 3, 4, 0, 80])))
        #expect(try written(channel) == [5, 0] + socks5Failure(1))
        #expect(!channel.isActive)
    }

    @Test func resolveAnswersThenCloses() throws {
        let delegate = TestDelegate(.outcome(.resolved(.ipv4(SocksIPv4Address(93, 184, 216, 34)))))
        let (channel, _) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 0], [5, 0xF0, 0, 3], exampleCom, [0, 0])))
        #expect(try written(channel) == [5, 0] + hex("05 00 00 01 5DB8D822 0000"))
        #expect(!channel.isActive)
        #expect(delegate.requests.first?.command == .resolve)
    }

    @Test func incompleteHandshakeIsClosedAtTheTimeout() throws {
        let delegate = TestDelegate(.pending)
        let (channel, loop) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: [5, 1]))
        loop.advanceTime(by: timeout - .seconds(1))
        #expect(channel.isActive)
        loop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
        #expect(try written(channel) == [])
        #expect(delegate.requests.isEmpty)
    }

    @Test func pendingRequestGetsTTLExpiredAtTheTimeout() throws {
        let delegate = TestDelegate(.pending)
        let (channel, loop) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 0], [5, 1, 0, 1, 1, 2, 3, 4, 0, 80])))
        #expect(try written(channel) == [5, 0])
        loop.advanceTime(by: timeout)
        #expect(try written(channel) == socks5Failure(6))
        #expect(!channel.isActive)
        // A late outcome finds the connection gone and changes nothing.
        try #require(delegate.pending.first).succeed(.connected(installRelay: installRecorder))
        #expect(try written(channel) == [])
    }

    @Test func httpRequestGetsTheErrorPage() throws {
        let delegate = TestDelegate(.pending)
        let (channel, _) = try connectedChannel(delegate)
        try channel.writeInbound(ByteBuffer(string: "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        let page = String(decoding: try written(channel), as: UTF8.self)
        #expect(page.hasPrefix("HTTP/1.0 501 Tor is not an HTTP Proxy\r\n"))
        #expect(page.contains("SOCKS proxy, not an HTTP proxy"))
        #expect(!channel.isActive)
    }

    @Test func clientDataBeyondTheHoldLimitStopsReading() throws {
        let delegate = TestDelegate(.pending)
        let (channel, _) = try connectedChannel(delegate)
        let reads = ReadCounter()
        try channel.pipeline.syncOperations.addHandler(reads, position: .first)
        try channel.writeInbound(ByteBuffer(bytes: bytes([5, 1, 0], [5, 1, 0, 1, 1, 2, 3, 4, 0, 80])))
        channel.read()
        #expect(reads.count == 1)
        try channel.writeInbound(ByteBuffer(repeating: 0x61, count: SocksServerHandler.maximumHeldBytes))
        channel.read()
        #expect(reads.count == 1, "reading must pause while the held data is at the limit")
        try #require(delegate.pending.first).succeed(.connected(installRelay: installRecorder))
        #expect(reads.count == 2, "reading resumes once the relay takes over")
        let relay = try channel.pipeline.syncOperations.handler(type: RelayRecorder.self)
        #expect(relay.received.count == SocksServerHandler.maximumHeldBytes)
    }
}

/// Counts the read requests that reach the head of the pipeline.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = Never
    var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}
