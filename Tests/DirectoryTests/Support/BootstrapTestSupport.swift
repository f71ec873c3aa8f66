import Foundation
import Synchronization
import Testing
import TorCore
@testable import Directory

/// Serves the real fixture documents (Fixtures.swift) the way a tor directory does: the
/// consensus, the certificates asked for, and exactly the microdescriptors asked for. Lets a
/// test alter or fail what one server sends, and records every request.
final class FixtureTransport: DirectoryTransport {
    typealias Override = @Sendable (DirectoryRequest, DirectoryServer, [UInt8]) throws -> [UInt8]

    private let consensus: [UInt8]
    private let certificates: [UInt8]
    private let microdescriptors: [Microdescriptor]
    private let override: Override?
    private let log = Mutex<[(path: String, server: String)]>([])

    init(consensus: [UInt8]? = nil, override: Override? = nil) throws {
        self.consensus = try consensus ?? Fixtures.bytes("consensus-microdesc")
        self.certificates = try Fixtures.bytes("keys-all")
        self.microdescriptors = try MicrodescriptorBatch(parsing: Fixtures.bytes("microdescriptors")).descriptors
        self.override = override
    }

    /// Every request made, in order, with the server's key.
    var requests: [(path: String, server: String)] { log.withLock { $0 } }

    /// The requests whose path starts with `prefix`.
    func requests(prefix: String) -> [(path: String, server: String)] {
        requests.filter { $0.path.hasPrefix(prefix) }
    }

    func canReach(_ server: DirectoryServer) -> Bool { true }

    func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8] {
        log.withLock { $0.append((request.path, server.key)) }
        events(.connecting)
        events(.connected)
        events(.requestSent(request))
        let body: [UInt8]
        if request.path == DirectoryRequest.microdescConsensus.path {
            body = consensus
        } else if request.path.hasPrefix("/tor/keys/") {
            body = certificates
        } else if request.path.hasPrefix("/tor/micro/d/") {
            let asked = Set(request.path.dropFirst("/tor/micro/d/".count).split(separator: "-").map(String.init))
            body = microdescriptors.filter { asked.contains($0.digest.base64) }.flatMap(\.bytes)
        } else {
            throw DirectoryError(.httpStatus, kind: .resource, "404 Not found")
        }
        return try override?(request, server, body) ?? body
    }
}

/// A clock whose sleeps return at once and move its time forward: retries run without
/// waiting, and breakers still see the time pass.
final class ImmediateClock: ResilienceClock {
    private let offset = Mutex(Duration.zero)

    func now() -> ResilienceInstant { ResilienceInstant(offset: offset.withLock { $0 }) }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        offset.withLock { $0 += max(duration, .zero) }
    }
}

/// Always 1, the smallest value Swift's unbiased range sampling never rejects (0 would make
/// it draw again forever): every draw lands at the bottom of its range, so the first source of
/// a tier is chosen and schedules take their earliest time.
struct ZeroRandom: RandomNumberGenerator, Sendable {
    mutating func next() -> UInt64 { 1 }
}

/// Always the largest value: schedules take their latest time.
struct MaxRandom: RandomNumberGenerator, Sendable {
    mutating func next() -> UInt64 { .max }
}

enum BootstrapFixtures {
    /// The three fixture authorities, as DirAuthority lines would give them; their relay
    /// fingerprints are made up (the fixture consensus names only their v3 identities).
    static func authorities() throws -> [DirectoryAuthority] {
        try [Fixtures.auth1, Fixtures.auth2, Fixtures.auth3].enumerated().map { index, v3 in
            DirectoryAuthority(
                nickname: "auth\(index + 1)", address: "127.0.0.1", directoryPort: UInt16(7000 + index),
                orPort: UInt16(5000 + index),
                fingerprint: try #require(RelayFingerprint(hex: String(repeating: "\(index + 1)", count: 40))),
                v3Identity: RelayFingerprint(hex: v3))
        }
    }

    static func configuration(dataDirectory: String?, breakerPolicy: CircuitBreakerPolicy = .sensitive) throws -> BootstrapConfiguration {
        BootstrapConfiguration(
            authorities: try authorities(), dataDirectory: dataDirectory, clockSkewAllowance: 0,
            breakerPolicy: breakerPolicy)
    }

    static func bootstrapper(
        _ transport: any DirectoryTransport, dataDirectory: String?, now: Int64 = Fixtures.now,
        breakerPolicy: CircuitBreakerPolicy = .sensitive, progress: BootstrapProgress = BootstrapProgress()
    ) throws -> DirectoryBootstrapper {
        DirectoryBootstrapper(
            configuration: try configuration(dataDirectory: dataDirectory, breakerPolicy: breakerPolicy),
            transport: transport, progress: progress, clock: ImmediateClock(), now: { now }, random: ZeroRandom())
    }

    /// The breaker key of fixture authority `index` (0-based).
    static func authorityKey(_ index: Int) -> String { String(repeating: "\(index + 1)", count: 40) }
}

/// A fresh empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("torswift-bootstrap-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}
