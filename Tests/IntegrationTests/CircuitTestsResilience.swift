import Circuit
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorCore

/// Circuit building inside the resilience policies, against real relays: a hop that fails is
/// retried through another candidate, and a relay whose breaker is open is never contacted.
@Suite(.timeLimit(.minutes(5)))
struct CircuitTestsResilience {
    /// Breakers that open at the first failure, so one test can watch one open.
    static func pipeline() -> ResiliencePipeline<String> {
        let breakers = CircuitBreakerRegistry<String>(
            policy: CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(600)))
        return ResiliencePipeline(
            retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)),
            breakers: breakers)
    }

    @Test func aMiddleThatCannotBeReachedIsReplacedByTheNextCandidate() async throws {
        let network = try await CircuitTestNetwork.shared()
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: .seconds(30))
        defer { Task { await channels.closeAll() } }
        let pipeline = Self.pipeline()
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30), resilience: pipeline)
        let guardRelay = network.target(network.guards[0].nickname)
        let middles = network.middles.filter { $0.nickname != network.guards[0].nickname }
        // A relay that does not exist: an identity no relay has, at a port nothing listens on.
        // (A known relay's identity at a wrong port would not do: the guard reuses the channel
        // it already has to that identity and ignores the port, as tor-spec 5.3.1 allows.)
        let unreachable = try RelayTarget(
            address: IPv4Address(127, 0, 0, 1), orPort: ClosedLoopbackPort.find(),
            rsaIdentity: SecureRandom.bytes(20), ntorOnionKey: X25519PrivateKey.generate().publicKey)
        let goodMiddle = network.target(middles[0].nickname)
        let exit = network.target(network.info.exits[0].nickname)

        let circuit = try await builder.build(candidates: [[guardRelay], [unreachable, goodMiddle], [exit]])

        #expect(circuit.path.map(\.fingerprint) == [guardRelay, goodMiddle, exit].map(\.fingerprint))
        let statistics = await pipeline.breakers.snapshot()
        #expect(statistics[unreachable.fingerprint]?.totalFailures == 1)
        #expect(statistics[unreachable.fingerprint]?.state == .open)
        #expect(statistics[goodMiddle.fingerprint]?.totalSuccesses == 1)
        // The rebuilt circuit works end to end.
        let http = network.info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/small")
        #expect(response.status == 200)
        circuit.close()
    }

    @Test func aRelayWhoseBreakerIsOpenIsSkippedWithoutBeingContacted() async throws {
        let network = try await CircuitTestNetwork.shared()
        let contacted = ContactedRelays()
        let group = MultiThreadedEventLoopGroup.singleton
        let channels = ChannelManager { relay in
            await contacted.add(relay.fingerprint)
            return try await CircuitChannel.open(to: relay, group: group, timeout: .seconds(30))
        }
        defer { Task { await channels.closeAll() } }
        let pipeline = Self.pipeline()
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30), resilience: pipeline)
        let guards = network.guards.prefix(2).map { network.target($0.nickname) }
        // Open the first guard's breaker by hand, as earlier failures would have.
        let breaker = await pipeline.breakers.breaker(for: guards[0].fingerprint)
        let permit = try await breaker.acquirePermission()
        await breaker.record(error: CircuitError(.circuitBuildTimedOut, kind: .resource, "earlier failure"), for: permit)
        #expect(await pipeline.breakers.isOpen(guards[0].fingerprint))
        let middle = network.middles.first { $0.nickname != network.guards[1].nickname }!

        let circuit = try await builder.build(candidates: [
            guards, [network.target(middle.nickname)], [network.target(network.info.exits[1].nickname)],
        ])

        #expect(circuit.path.first?.fingerprint == guards[1].fingerprint)
        #expect(await contacted.fingerprints == [guards[1].fingerprint])
        // Skipped by the chooser, so the breaker saw no call beyond the failure recorded above.
        let skipped = await pipeline.breakers.snapshot()[guards[0].fingerprint]
        #expect(skipped?.state == .open)
        #expect(skipped?.totalCalls == 1)
        circuit.close()
    }
}

/// Which relays a channel opener was asked for, in order.
actor ContactedRelays {
    private(set) var fingerprints: [String] = []
    func add(_ fingerprint: String) { fingerprints.append(fingerprint) }
}
