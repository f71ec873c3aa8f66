import Circuit
import Directory
import Foundation
import NIOCore
import NIOPosix
import TorCore

/// What circuit tests need from the private network: each relay as a ``RelayTarget`` with the
/// ntor onion key of its microdescriptor.
///
/// Read with the Directory module's parsers from an authority's DirPort: the microdesc
/// consensus gives each relay's microdescriptor digest beside its RSA identity;
/// `/tor/micro/d/<d1>-<d2>...` gives the microdescriptors, matched by digest (dir-spec 3.3).
/// (The consensus signatures are checked by the Directory module's own tests.)
struct CircuitTestNetwork: Sendable {
    let info: TestNetworkInfo
    /// Every relay of the network by nickname, with its ntor onion key.
    let targets: [String: RelayTarget]

    static func shared() async throws -> CircuitTestNetwork {
        try await CircuitTestNetworkCache.instance.network()
    }

    /// Loads the targets of `info`.
    static func load(_ info: TestNetworkInfo) async throws -> CircuitTestNetwork {
        let authority = info.authorities[0]
        let consensus = try MicrodescConsensus(parsing: try await info.fetchDirectoryDocument(
            path: "/tor/status-vote/current/consensus-microdesc", from: authority))
        let digests = consensus.routers.map(\.microdescriptorDigest.base64).sorted().joined(separator: "-")
        let batch = try MicrodescriptorBatch(parsing: try await info.fetchDirectoryDocument(
            path: "/tor/micro/d/\(digests)", from: authority))
        let keyByDigest = Dictionary(
            batch.descriptors.map { ($0.digest, $0.ntorOnionKey) }, uniquingKeysWith: { first, _ in first })
        var targets: [String: RelayTarget] = [:]
        for relay in info.relays {
            guard let router = consensus.routers.first(where: { $0.rsaIdentity == relay.rsaIdentityDigest }),
                let key = keyByDigest[router.microdescriptorDigest]
            else {
                throw TestNetworkError("no microdescriptor with an ntor key for \(relay.nickname)")
            }
            targets[relay.nickname] = try RelayTarget(
                address: IPv4Address(relay.address)!, orPort: UInt16(relay.orPort),
                rsaIdentity: relay.rsaIdentityDigest, ed25519Identity: relay.ed25519Identity,
                ntorOnionKey: key)
        }
        return CircuitTestNetwork(info: info, targets: targets)
    }

    /// The target of the relay named `nickname`.
    func target(_ nickname: String) -> RelayTarget { targets[nickname]! }

    /// Guards (authorities and middle relays get the Guard flag) that are not exits.
    var guards: [TestNetworkInfo.Relay] { info.relays.filter { $0.isGuard && !$0.isExit } }
    /// Non-exit, non-authority relays for the middle position.
    var middles: [TestNetworkInfo.Relay] { info.relays.filter { !$0.isAuthority && !$0.isExit } }
}

/// Loads the shared network's targets once per test process.
private actor CircuitTestNetworkCache {
    static let instance = CircuitTestNetworkCache()
    private var loading: Task<CircuitTestNetwork, any Error>?

    func network() async throws -> CircuitTestNetwork {
        if let loading { return try await loading.value }
        let task = Task { try await CircuitTestNetwork.load(try await TestNetwork.shared()) }
        loading = task
        return try await task.value
    }
}

/// HTTP/1.0 over a Tor stream, for the test server behind the exits.
enum StreamHTTP {
    /// Sends a GET for `path` and reads the whole response (the server closes after it).
    static func get(
        _ stream: TorStream, host: String, port: Int, path: String, maximumBytes: Int = 1 << 20
    ) async throws -> LoopbackHTTP.Response {
        let inbound = stream.inbound()
        try await stream.write(ByteBuffer(string: "GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\n\r\n"))
        let body = try await inbound.collect(upTo: maximumBytes)
        return try LoopbackHTTP.parse(Array(body.readableBytesView), url: "tor://\(host):\(port)\(path)")
    }
}

extension StreamHTTP {
    /// A response whose body was hashed as it arrived rather than kept.
    struct Download: Sendable {
        let status: Int
        let bodyBytes: Int
        /// Lowercase hex SHA-256 of the body.
        let sha256: String
    }

    /// GETs `path` and hashes the body as it streams in, keeping only the headers.
    static func download(_ stream: TorStream, host: String, port: Int, path: String) async throws -> Download {
        let inbound = stream.inbound()
        try await stream.write(ByteBuffer(string: "GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\n\r\n"))
        let digest = RunningDigest(.sha256)
        var head: [UInt8] = []
        var status: Int?
        var bodyBytes = 0
        for try await buffer in inbound {
            guard status == nil else {
                digest.update(buffer)
                bodyBytes += buffer.readableBytes
                continue
            }
            head.append(contentsOf: buffer.readableBytesView)
            guard let end = head.firstRange(of: Array("\r\n\r\n".utf8)) else {
                guard head.count < 16 << 10 else { throw TestNetworkError("\(path): no end of headers") }
                continue
            }
            let statusLine = String(decoding: head[..<end.lowerBound], as: UTF8.self).split(separator: " ")
            status = statusLine.count > 1 ? Int(statusLine[1]) : nil
            guard status != nil else { throw TestNetworkError("\(path): bad status line") }
            let rest = Array(head[end.upperBound...])
            digest.update(rest)
            bodyBytes += rest.count
        }
        guard let status else { throw TestNetworkError("\(path): the stream ended before the headers") }
        return Download(status: status, bodyBytes: bodyBytes, sha256: Hex.encode(digest.digestSoFar()).lowercased())
    }
}
