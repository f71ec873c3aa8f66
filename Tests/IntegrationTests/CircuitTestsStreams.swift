import Circuit
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorCore

/// Streams over real 3-hop circuits: bulk data in both flow-control windows, many streams on one
/// circuit, a refused connection, lookups, and a directory stream.
@Suite(.timeLimit(.minutes(10)))
struct CircuitTestsStreams {
    static let timeout = TimeAmount.seconds(30)

    /// A fresh 3-hop circuit guard -> middle -> `exit` (the first exit by default) over its own pool.
    static func circuit(
        _ network: CircuitTestNetwork, exit: TestNetworkInfo.Relay? = nil
    ) async throws -> (CircuitHandle, ChannelManager) {
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: timeout)
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        let guardRelay = network.guards[0]
        let middle = network.middles.first { $0.nickname != guardRelay.nickname }!
        let exit = exit ?? network.info.exits[0]
        let circuit = try await builder.build(path: [
            network.target(guardRelay.nickname), network.target(middle.nickname), network.target(exit.nickname),
        ])
        return (circuit, channels)
    }

    @Test func fiftyMebibytesArriveBitExact() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let file = try #require(network.info.http.file("/50M"))
        let http = network.info.http
        let started = ContinuousClock.now
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let download = try await StreamHTTP.download(stream, host: http.address, port: http.port, path: "/50M")
        let elapsed = ContinuousClock.now - started
        #expect(download.status == 200)
        #expect(download.bodyBytes == file.size)
        #expect(download.sha256 == file.sha256)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("50 MiB through a 3-hop circuit in \(elapsed): \(Double(file.size) / seconds / 1e6) MB/s")
    }

    @Test func fiftyConcurrentStreamsOnOneCircuitAreAllBitExact() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let file = try #require(network.info.http.file("/1M"))
        let http = network.info.http
        let downloads = try await withThrowingTaskGroup(of: StreamHTTP.Download.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
                    return try await StreamHTTP.download(stream, host: http.address, port: http.port, path: "/1M")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(downloads.count == 50)
        for download in downloads {
            #expect(download.status == 200)
            #expect(download.bodyBytes == file.size)
            #expect(download.sha256 == file.sha256)
        }
    }

    @Test func refusedStreamsCarryTheExitsTypedReason() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let port = try ClosedLoopbackPort.find()
        let error = try await #require(throws: CircuitError.self) {
            _ = try await circuit.openStream(host: "127.0.0.1", port: port)
        }
        #expect(error.code == .streamEnded)
        // tor 0.4.9 exits report a refused connection as MISC (END payload [1]), not
        // CONNECTREFUSED: the relay's word is what a client gets, so that is what is asserted.
        // Once, in a loaded CI run, the exit said INTERNAL instead (its connect then failed
        // later rather than at once, a different path in the relay); both are its words.
        #expect([EndReason.misc, .internal].contains(error.endReason), "\(String(describing: error.endReason))")
        // The exits' policy is `accept *4:*`: an IPv6 destination is refused by policy.
        let policy = try await #require(throws: CircuitError.self) {
            _ = try await circuit.openStream(host: "::1", port: 80)
        }
        #expect(policy.code == .streamEnded)
        #expect(policy.endReason == .exitPolicy)
        // The circuit survives a refused stream: the next one works.
        let http = network.info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/small")
        #expect(response.status == 200)
        #expect(response.body.count == network.info.http.file("/small")?.size)
    }

    /// The network's exits have no working DNS (their resolv.conf names 127.0.0.1, where no
    /// server listens), so a name lookup comes back as a transient error once their resolver
    /// gives up (about 2 s). tor 0.4.9 exits answer a RESOLVE of an address literal with a
    /// nontransient error at once (C tor clients answer literals themselves and never ask).
    @Test func theExitAnswersLookupsWithTypedErrors() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let transient = try await #require(throws: CircuitError.self) {
            _ = try await circuit.resolve(hostname: "localhost", timeout: .seconds(20))
        }
        #expect(transient.code == .resolveFailedTransient)
        let permanent = try await #require(throws: CircuitError.self) {
            _ = try await circuit.resolve(hostname: "1.2.3.4", timeout: .seconds(20))
        }
        #expect(permanent.code == .resolveFailed)
        #expect(await circuit.isOpen())
    }

    @Test func aDirectoryStreamFetchesTheConsensusFromTheLastHop() async throws {
        let network = try await CircuitTestNetwork.shared()
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: Self.timeout)
        defer { Task { await channels.closeAll() } }
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        // A one-hop circuit, as a client fetching directory documents uses (dir-spec 4).
        let authority = network.info.authorities[0]
        let circuit = try await builder.build(path: [network.target(authority.nickname)])
        let stream = try await circuit.openDirectoryStream()
        let response = try await StreamHTTP.get(
            stream, host: authority.address, port: authority.dirPort,
            path: "/tor/status-vote/current/consensus-microdesc", maximumBytes: 4 << 20)
        #expect(response.status == 200)
        #expect(String(decoding: response.body.prefix(40), as: UTF8.self).hasPrefix("network-status-version 3 microdesc"))
    }
}

/// A loopback TCP port nothing listens on: bound, then released.
enum ClosedLoopbackPort {
    static func find() throws -> UInt16 {
        let server = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        let port = try #require(server.localAddress?.port)
        try server.close().wait()
        return UInt16(port)
    }
}
