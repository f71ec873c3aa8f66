import Circuit
import Directory
import Foundation
import NIOCore
import SocksServer
import Testing
import TorClient
import TorCore

/// The circuit pool over real circuits through the private network's tor 0.4.9 relays:
/// prebuilding to the minimum and to a raised minimum, isolation, NEWNYM, and circuits that
/// die leaving the pool. Streams go to the test HTTP server, which names the exit that
/// connected, so a pooled circuit is proven to carry traffic.
@Suite(.timeLimit(.minutes(5)), .serialized)
struct CircuitPoolInteropTests {
    /// How long a test waits for the pool to reach a state.
    static let patience: Duration = .seconds(90)

    static func settings(minimum: Int, prebuilding: Bool = true) -> CircuitPoolSettings {
        CircuitPoolSettings(
            maximumDirtiness: .seconds(600), newCircuitPeriod: .seconds(5), buildTimeout: .seconds(45),
            minimumSize: minimum, maximumSize: 12, isPrebuildingEnabled: prebuilding)
    }

    static func key(_ user: String) -> StreamIsolationKey {
        StreamIsolationKey(
            rules: IsolationRules(), sessionGroup: .listener(0), socksVersion: .socks5,
            username: Array(user.utf8), password: Array("pw".utf8), destinationHost: "127.0.0.1",
            destinationPort: 80, clientAddress: "127.0.0.1", clientPort: 40000)
    }

    /// Polls `condition` every 100 ms until it holds or `patience` runs out.
    static func eventually(_ what: String, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + patience
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { throw TestNetworkError("timed out waiting: \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Fetches /echo-peer over a new stream on `circuit`; returns the exit's nickname.
    static func exitSeen(through circuit: PooledCircuit, network: TestNetworkInfo) async throws -> String? {
        let http = network.http
        let stream = try await circuit.handle.openStream(host: http.address, port: UInt16(http.port))
        let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/echo-peer")
        let peer = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(response.body))
        return peer.exitNickname
    }

    @Test func prebuildsTheMinimumAndRaisingItBuildsMoreAtOnce() async throws {
        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        let pool = CircuitPool(settings: Self.settings(minimum: 2), source: source)
        let events = await pool.events()
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }

        try await Self.eventually("2 built circuits") {
            await pool.snapshot().filter { $0.status == .built }.count == 2
        }
        #expect(await pool.snapshot().count == 2, "nothing beyond the minimum is built")
        for entry in await pool.snapshot() {
            #expect(entry.relays.count == 3)
            #expect(entry.relays.last?.isExit == true)
            #expect(!entry.isDirty && entry.streamCount == 0)
        }

        let raised = ContinuousClock.now
        await pool.update(settings: Self.settings(minimum: 6))
        #expect(await pool.snapshot().count == 6, "the reload launched the missing four at once")
        try await Self.eventually("6 built circuits") {
            await pool.snapshot().filter { $0.status == .built }.count == 6
        }
        #expect(ContinuousClock.now - raised < Self.settings(minimum: 6).buildTimeout)
        let entries = await pool.snapshot()
        #expect(entries.count == 6)
        #expect(Set(entries.map(\.id)).count == 6)
        #expect(source.requests.builds == 6)

        await pool.shutdown()
        #expect(await pool.snapshot().isEmpty)
        // The event stream saw each circuit launched then built, then closed at shutdown.
        var seen: [CircuitPoolID: [CircuitStatus]] = [:]
        for await event in events { seen[event.id, default: []].append(event.status) }
        #expect(seen.count == 6)
        #expect(seen.values.allSatisfy { $0 == [.launched, .built, .closed] })
    }

    @Test func differentKeysGetDifferentCircuitsAndAnEqualKeyShares() async throws {
        let network = try await TestNetwork.shared()
        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        let pool = CircuitPool(settings: Self.settings(minimum: 0, prebuilding: false), source: source)
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }

        let port = UInt16(network.http.port)
        let alice = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        let bob = try await pool.circuit(forPort: port, isolation: Self.key("bob"), timeout: Self.patience)
        let aliceAgain = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        #expect(alice.id != bob.id)
        #expect(aliceAgain.id == alice.id)
        #expect(source.requests.builds == 2)
        #expect(source.requests.ports == [port, port])

        // Both circuits carry a real stream through one of their own exits.
        let aliceExit = try await Self.exitSeen(through: alice, network: network)
        let bobExit = try await Self.exitSeen(through: bob, network: network)
        #expect(aliceExit == alice.relays.last?.nickname)
        #expect(bobExit == bob.relays.last?.nickname)

        let entries = await pool.snapshot()
        #expect(entries.first { $0.id == alice.id }?.streamCount == 2)
        #expect(entries.first { $0.id == alice.id }?.isolation == Self.key("alice"))
        #expect(entries.first { $0.id == bob.id }?.streamCount == 1)
        await pool.streamDetached(from: alice.id)
        await pool.streamDetached(from: alice.id)
        await pool.streamDetached(from: bob.id)
        #expect(await pool.snapshot().map(\.streamCount) == [0, 0])
        await pool.shutdown()
    }

    /// Streams that arrive together wait for one build when their keys are equal, and each
    /// distinct key gets a build of its own; all attach as their circuits complete.
    @Test func concurrentStreamsWaitForTheBuildsTheirKeysNeed() async throws {
        let network = try await TestNetwork.shared()
        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        let pool = CircuitPool(settings: Self.settings(minimum: 0, prebuilding: false), source: source)
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }

        let port = UInt16(network.http.port)
        let users = ["alice", "alice", "alice", "bob", "bob"]
        let circuits = try await withThrowingTaskGroup(of: (String, PooledCircuit).self) { group in
            for user in users {
                group.addTask {
                    (user, try await pool.circuit(forPort: port, isolation: Self.key(user), timeout: Self.patience))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let byUser = Dictionary(grouping: circuits, by: \.0).mapValues { Set($0.map(\.1.id)) }
        #expect(byUser["alice"]?.count == 1)
        #expect(byUser["bob"]?.count == 1)
        #expect(byUser["alice"] != byUser["bob"])
        #expect(source.requests.builds == 2)
        let counts = await pool.snapshot().map(\.streamCount).sorted()
        #expect(counts == [2, 3])
        await pool.shutdown()
    }

    @Test func newIdentityGivesNewStreamsANewCircuitWhileOldStreamsContinue() async throws {
        let network = try await TestNetwork.shared()
        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        let pool = CircuitPool(settings: Self.settings(minimum: 0, prebuilding: false), source: source)
        let events = await pool.events()
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }

        let port = UInt16(network.http.port)
        let before = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        let http = network.http
        let openStream = try await before.handle.openStream(host: http.address, port: port)

        await pool.newIdentity()
        let after = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        #expect(after.id != before.id)
        #expect(await before.handle.isOpen(), "a stream still uses the old circuit")
        // The stream opened before NEWNYM still works.
        let response = try await StreamHTTP.get(openStream, host: http.address, port: http.port, path: "/echo-peer")
        #expect(response.status == 200)

        await pool.streamDetached(from: before.id)
        #expect(await !pool.snapshot().contains { $0.id == before.id })
        try await Self.eventually("the old circuit closed") { await !before.handle.isOpen() }
        var closed: CircuitPoolEvent?
        for await event in events where event.id == before.id && event.status == .closed {
            closed = event
            break
        }
        #expect(closed?.reason == .finished)
        await pool.shutdown()
    }

    /// A stream takes a prebuilt circuit without a build of its own; once the circuit has been
    /// dirty for MaxCircuitDirtiness it takes no new stream and, idle, closes by itself.
    @Test func streamsUsePrebuiltCircuitsUntilTheyAreDirtyTooLong() async throws {
        let network = try await TestNetwork.shared()
        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        var settings = Self.settings(minimum: 1)
        settings.maximumDirtiness = .seconds(2)
        settings.newCircuitPeriod = .seconds(600)
        let pool = CircuitPool(settings: settings, source: source)
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }

        try await Self.eventually("the prebuilt circuit") { await pool.snapshot().first?.status == .built }
        let prebuilt = try #require(await pool.snapshot().first?.id)
        let port = UInt16(network.http.port)
        let first = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        #expect(first.id == prebuilt)
        #expect(source.requests.builds == 1)
        #expect(try await Self.exitSeen(through: first, network: network) == first.relays.last?.nickname)
        await pool.streamDetached(from: first.id)

        try await Self.eventually("the dirty circuit closed by itself") {
            await !pool.snapshot().contains { $0.id == prebuilt }
        }
        try await Self.eventually("the closed circuit's handle is closed") { await !first.handle.isOpen() }
        let second = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        #expect(second.id != prebuilt)
        await pool.shutdown()
    }

    @Test func aCircuitThatDiesLeavesThePool() async throws {
        let network = try await TestNetwork.shared()
        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        let pool = CircuitPool(settings: Self.settings(minimum: 0, prebuilding: false), source: source)
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }
        let port = UInt16(network.http.port)

        // Torn down under the pool (here by our end; the pool only watches closeFuture).
        let first = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        first.handle.close()
        try await Self.eventually("the closed circuit left the pool") {
            await !pool.snapshot().contains { $0.id == first.id }
        }
        let replacement = try await pool.circuit(forPort: port, isolation: Self.key("alice"), timeout: Self.patience)
        #expect(replacement.id != first.id)
        #expect(try await Self.exitSeen(through: replacement, network: network) == replacement.relays.last?.nickname)

        // Reported dead by a stream: gone at once, and closed.
        await pool.circuitFailed(replacement.id)
        #expect(await !pool.snapshot().contains { $0.id == replacement.id })
        try await Self.eventually("the failed circuit closed") { await !replacement.handle.isOpen() }
        await pool.shutdown()
    }
}
