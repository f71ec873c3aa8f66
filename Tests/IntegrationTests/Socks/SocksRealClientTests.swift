import Foundation
import NIOCore
import NIOPosix
import SocksServer
import Synchronization
import Testing

/// Stands in for the Tor side in these tests only: answers lookups from a table and "connects"
/// by answering the client's first bytes with a canned HTTP response naming what was asked for.
final class CannedExitDelegate: SocksRequestDelegate {
    let requests = Mutex<[SocksRequest]>([])

    func handle(_ request: SocksRequest, context: SocksConnectionContext) -> EventLoopFuture<SocksOutcome> {
        requests.withLock { $0.append(request) }
        let outcome: SocksOutcome
        switch (request.command, request.target) {
        case (.connect, .hostname("refused.example")):
            outcome = .failed(endReason: 3)
        case (.connect, let target):
            let user = request.credentials.map { String(decoding: $0.username, as: UTF8.self) } ?? "-"
            let body = "reached \(target):\(request.port) as \(user) over \(request.version)\n"
            outcome = .connected(installRelay: { pipeline in try pipeline.addHandler(CannedHTTPResponder(body: body)) })
        case (.resolve, .hostname("site.example")):
            outcome = .resolved(.ipv4(SocksIPv4Address(192, 0, 2, 7)))
        case (.resolvePTR, .ipv4(SocksIPv4Address(192, 0, 2, 7))):
            outcome = .resolved(.hostname("ptr.example"))
        default:
            outcome = .failed(endReason: 2)
        }
        return context.eventLoop.makeSucceededFuture(outcome)
    }
}

/// Answers the first bytes from the client with one HTTP response, then closes.
final class CannedHTTPResponder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let body: String
    var answered = false

    init(body: String) { self.body = body }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        let response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

/// Real SOCKS clients (curl, tor-resolve) against our listener on 127.0.0.1.
@Suite(.serialized) struct SocksRealClientTests {
    func withListener(_ body: (Int, CannedExitDelegate) async throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let delegate = CannedExitDelegate()
        let listener = try await SocksListener.bind(port: 0, group: group, delegate: delegate,
                                                    handshakeTimeout: .seconds(10), requestTimeout: .seconds(10))
        let port = try #require(listener.localAddress?.port)
        #expect(listener.localAddress?.ipAddress == "127.0.0.1")
        do {
            try await body(port, delegate)
        } catch {
            try? await listener.close()
            try? await group.shutdownGracefully()
            throw error
        }
        try await listener.close()
        try await group.shutdownGracefully()
    }

    func curl(_ arguments: [String]) async throws -> SocksClientProcess.Output {
        try await OffThread.run {
            try SocksClientProcess.run("/usr/bin/curl", ["--silent", "--show-error", "--max-time", "10"] + arguments)
        }
    }

    func torResolve(_ arguments: [String]) async throws -> SocksClientProcess.Output {
        try await OffThread.run { try SocksClientProcess.run("/usr/bin/tor-resolve", arguments) }
    }

    @Test func curlConnectsThroughEveryDialect() async throws {
        try await withListener { port, delegate in
            let socks5h = try await curl(["--socks5-hostname", "127.0.0.1:\(port)", "http://site.example/"])
            #expect(socks5h.stdout == "reached site.example:80 as - over SOCKS5\n", "\(socks5h.stderr)")

            let withAuth = try await curl(["--proxy", "socks5h://alice:secret@127.0.0.1:\(port)", "http://site.example:8080/"])
            #expect(withAuth.stdout == "reached site.example:8080 as alice over SOCKS5\n", "\(withAuth.stderr)")

            let socks4a = try await curl(["--socks4a", "127.0.0.1:\(port)", "--proxy-user", "bob:", "http://site.example/"])
            #expect(socks4a.stdout == "reached site.example:80 as bob over SOCKS4a\n", "\(socks4a.stderr)")

            let socks4 = try await curl(["--socks4", "127.0.0.1:\(port)", "http://192.0.2.9/"])
            #expect(socks4.stdout == "reached 192.0.2.9:80 as - over SOCKS4\n", "\(socks4.stderr)")

            let socks5IPv6 = try await curl(["--socks5-hostname", "127.0.0.1:\(port)", "http://[2001:db8::5]/"])
            #expect(socks5IPv6.stdout == "reached [2001:db8::5]:80 as - over SOCKS5\n", "\(socks5IPv6.stderr)")

            let credentials = delegate.requests.withLock { $0.map(\.credentials) }
            #expect(credentials.contains(SocksCredentials(username: Array("alice".utf8), password: Array("secret".utf8))))
        }
    }

    @Test func curlSeesARefusal() async throws {
        try await withListener { port, _ in
            let refused = try await curl(["--socks5-hostname", "127.0.0.1:\(port)", "http://refused.example/"])
            #expect(refused.status == 97, "curl exits 97 (CURLE_PROXY) on a SOCKS failure reply: \(refused.stderr)")
            #expect(refused.stdout.isEmpty)
        }
    }

    @Test func torResolveUsesRESOLVEAndRESOLVEPTR() async throws {
        try await withListener { port, delegate in
            let socks5 = try await torResolve(["-5", "site.example", "127.0.0.1:\(port)"])
            #expect(socks5.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "192.0.2.7", "\(socks5.stderr)")

            let socks4a = try await torResolve(["-4", "site.example", "127.0.0.1:\(port)"])
            #expect(socks4a.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "192.0.2.7", "\(socks4a.stderr)")

            let reverse = try await torResolve(["-x", "192.0.2.7", "127.0.0.1:\(port)"])
            #expect(reverse.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ptr.example", "\(reverse.stderr)")

            let failed = try await torResolve(["-5", "unknown.example", "127.0.0.1:\(port)"])
            #expect(failed.status != 0)

            let commands = delegate.requests.withLock { $0.map { "\($0.version) \($0.command)" } }
            #expect(commands.contains("SOCKS5 RESOLVE") && commands.contains("SOCKS4a RESOLVE")
                && commands.contains("SOCKS5 RESOLVE_PTR"))
        }
    }

    @Test func asyncDelegateAnswersFromATask() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let delegate = AsyncSocksRequestDelegate { request, context in
            #expect(context.clientPort != nil)
            #expect(context.listenerAddress?.ipAddress == "127.0.0.1")
            guard request.command == .resolve else { return .failed(.commandNotSupported) }
            return .resolved(.ipv6(SocksIPv6Address(high: 0x2001_0DB8 << 32, low: 0x42)))
        }
        let listener = try await SocksListener.bind(port: 0, group: group, delegate: delegate)
        let port = try #require(listener.localAddress?.port)
        let answer = try await OffThread.run {
            try SocksProbeSocket.exchange(port: port, steps: [[5, 1, 0], [5, 0xF0, 0, 3, 4] + Array("a.b.".utf8) + [0, 0]], deadline: .seconds(30))
        }
        try await listener.close()
        try await group.shutdownGracefully()
        #expect(answer.closed)
        #expect(answer.received == [5, 0, 5, 0, 0, 4, 0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x42, 0, 0])
    }
}
