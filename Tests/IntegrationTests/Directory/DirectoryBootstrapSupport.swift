import Circuit
import Directory
import Foundation
import Logging
import NIOPosix
import Synchronization
import TorCore

/// How the directory bootstrap tests talk to the private network.
enum DirectoryBootstrapHarness {
    /// The network's DirAuthority lines, read by our own torrc parser from its client torrc.
    static func authorities(_ network: TestNetworkInfo) throws -> [DirectoryAuthority] {
        let text = try String(contentsOfFile: network.clientTorrcPath, encoding: .utf8)
        return try TorConfiguration.parse(text: text, fileName: "client-torrc").0.directoryAuthorities
    }

    /// A fresh empty DataDirectory.
    static func dataDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("torswift-dirboot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func configuration(
        _ network: TestNetworkInfo, dataDirectory: String?, authorities: [DirectoryAuthority]? = nil,
        breakerPolicy: CircuitBreakerPolicy = .sensitive
    ) throws -> BootstrapConfiguration {
        BootstrapConfiguration(
            authorities: try authorities ?? Self.authorities(network), dataDirectory: dataDirectory,
            retry: RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
            breakerPolicy: breakerPolicy)
    }

    /// A bootstrapper on the real clock with `transport`.
    static func bootstrapper(
        _ configuration: BootstrapConfiguration, transport: any DirectoryTransport,
        progress: BootstrapProgress = BootstrapProgress(), now: @escaping @Sendable () -> Int64 = DirectoryBootstrapper.systemNow,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) -> DirectoryBootstrapper {
        DirectoryBootstrapper(configuration: configuration, transport: transport, progress: progress, now: now, random: random)
    }

    /// A BEGIN_DIR transport with its own channel pool.
    static func beginDirTransport() -> BeginDirTransport {
        BeginDirTransport(group: MultiThreadedEventLoopGroup.singleton, timeout: .seconds(20))
    }

    /// A port on 127.0.0.1 that nothing listens on.
    static func closedPort() throws -> UInt16 {
        UInt16(try SocksProbeSocket.freePort())
    }
}

/// Always 1: every uniform draw lands at the bottom of its range (0 would be rejected by
/// Swift's unbiased sampling forever), so the first source of a tier is always chosen.
struct FirstChoiceRandom: RandomNumberGenerator, Sendable {
    mutating func next() -> UInt64 { 1 }
}

/// Passes fetches to a real transport and lets a test alter what one server sends, as a
/// malicious or broken directory would; records each request's server.
final class TamperingTransport: DirectoryTransport {
    typealias Tamper = @Sendable (DirectoryRequest, DirectoryServer, [UInt8]) throws -> [UInt8]

    let base: any DirectoryTransport
    private let tamper: Tamper
    private let log = Mutex<[(purpose: DirectoryRequest.Purpose, server: String)]>([])

    init(base: any DirectoryTransport, tamper: @escaping Tamper) {
        self.base = base
        self.tamper = tamper
    }

    var requests: [(purpose: DirectoryRequest.Purpose, server: String)] { log.withLock { $0 } }

    func canReach(_ server: DirectoryServer) -> Bool { base.canReach(server) }

    func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8] {
        log.withLock { $0.append((request.purpose, server.key)) }
        return try tamper(request, server, try await base.fetch(request, from: server, events: events))
    }
}

/// Collects log lines as "level message", to check what the client itself logged.
final class BootstrapLogRecorder: Sendable {
    private let store = Mutex<[String]>([])

    var lines: [String] { store.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "bootstrap-test") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { store.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let recorder: BootstrapLogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { recorder.append("\(event.level) \(event.message)") }
    }
}
