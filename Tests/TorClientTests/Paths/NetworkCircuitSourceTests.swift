import Circuit
import Directory
import Foundation
import Synchronization
import Testing
import TorClient
import TorCore

/// The circuit source's failure paths, with channels that never open: no view yet, and
/// guards that cannot be reached (guard-spec 4.7).
@Suite struct NetworkCircuitSourceTests {
    @Test func withoutAViewNoCircuitIsAttempted() async throws {
        let opened = OpenedChannels()
        let source = try Self.source(store: NetworkViewStore(), opened: opened).source
        let error = try await #require(throws: TorClientError.self) {
            _ = try await source.buildCircuit(exitPort: 443)
        }
        #expect(error.code == .pathsNoDirectory)
        #expect(opened.fingerprints.isEmpty)
    }

    @Test func unreachableGuardsAreReportedAndOthersTriedUpToTheLimit() async throws {
        let guardRelays = (1...6).map { PathsFixtures.relay($0, flags: PathsFixtures.guardFlags) }
        let others = (7...9).map { PathsFixtures.relay($0, flags: PathsFixtures.exitFlags) }
            + (10...12).map { PathsFixtures.relay($0) }
        let view = Self.liveView(guardRelays + others)
        let opened = OpenedChannels()
        let (source, guards) = try Self.source(store: NetworkViewStore(view), opened: opened)
        await guards.update(view: view)

        let error = try await #require(throws: TorClientError.self) {
            _ = try await source.buildCircuit(exitPort: 443)
        }
        #expect(error.code == .pathsNoGuard)
        #expect(error.reason.contains("link.connectFailed") == true, "\(error.reason)")
        let tried = opened.fingerprints
        // One channel per guard attempt, each to a different guard, never to a middle or exit.
        #expect(tried.count == NetworkCircuitSource.guardAttempts)
        #expect(Set(tried).count == tried.count)
        #expect(Set(tried).isSubset(of: Set(guardRelays.map(\.breakerKey))))
        let sampled = await guards.sampledGuards
        for key in tried {
            #expect(sampled.first { $0.identity.description == key }?.reachability == .no, "\(key) was not reported failed")
        }
        #expect(sampled.filter { $0.reachability == .no }.count == tried.count)
        // Each failure also counted against the guard's breaker in the builder.
        for key in tried {
            let statistics = await source.builder.resilience.breakers.breaker(for: key).statistics()
            #expect(statistics.totalFailures == 1)
        }
    }

    /// A source whose channels all fail to connect, recording the fingerprints asked for.
    static func source(store: NetworkViewStore, opened: OpenedChannels) throws -> (source: NetworkCircuitSource, guards: GuardManager) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("torswift-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let restrictions = PathRestrictions(enforceDistinctSubnets: true)
        let guards = GuardManager(dataDirectory: directory.path, restrictions: restrictions, random: SeededRandom(seed: 11))
        let channels = ChannelManager { [opened] target in
            opened.append(target.fingerprint)
            throw CircuitError(.linkConnectFailed, kind: .resource, "refused by the test's opener")
        }
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(5))
        let source = NetworkCircuitSource(
            store: store, guards: guards, builder: builder, restrictions: restrictions, random: SeededRandom(seed: 12))
        return (source, guards)
    }

    /// A view of `relays` that is live now, as the guard manager's clock sees it.
    static func liveView(_ relays: [Relay]) -> NetworkView {
        let now = Int64(Date().timeIntervalSince1970)
        return NetworkView(
            relays: relays, bandwidthWeights: .unweighted, validAfter: now - 600, freshUntil: now + 3000, validUntil: now + 10_000)
    }
}

/// The fingerprints a test's channel opener was asked for, in order.
final class OpenedChannels: Sendable {
    private let store = Mutex<[String]>([])

    var fingerprints: [String] { store.withLock { $0 } }

    func append(_ fingerprint: String) { store.withLock { $0.append(fingerprint) } }
}
