import Foundation
import Testing

/// CircuitBuildTimeout, with the guard stopped so builds hang, and the channel-pool options,
/// seen through the client's TCP connections to its guard (from /proc).
extension TorctlReloadTests {
    /// The guard of the download's circuit (every circuit's first hop while it answers).
    func guardRelay(_ harness: ReloadHarness, downloadCircuit: String) async throws -> TestNetworkInfo.Relay {
        var path = harness.events.path(ofCircuit: downloadCircuit)
        if path.isEmpty { path = try await harness.circuits().first { $0.id == downloadCircuit }?.path ?? [] }
        let first = try #require(path.first, "the download's circuit has a path")
        return try #require(harness.relay(first), "the guard \(first) is a relay of the test network")
    }

    /// NEWNYM, then waits (bounded) for `count` circuits built after it; returns their IDs.
    @discardableResult
    func newIdentity(_ harness: ReloadHarness, expectBuilt count: Int) async throws -> [String] {
        let mark = harness.events.mark
        try await harness.signal("NEWNYM")
        var built: [String] = []
        _ = try await harness.eventually(within: .seconds(15)) {
            built = harness.events.circuitEvents(since: mark, status: "BUILT").map(\.id)
            return built.count >= count
        }
        #expect(built.count >= count, "NEWNYM: \(count) fresh circuits built, saw \(built)")
        return built
    }

    /// `CircuitBuildTimeout 60 -> 2 seconds`: with the guard stopped, builds launched by NEWNYM
    /// are still pending after 5 s; once the edit applies they are abandoned as timed out.
    func checkBuildTimeout(_ harness: ReloadHarness, downloadCircuit: String) async throws {
        let guardRelay = try await guardRelay(harness, downloadCircuit: downloadCircuit)
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "before the guard is stopped")
        guard kill(guardRelay.pid, SIGSTOP) == 0 else { throw TestNetworkError("cannot stop \(guardRelay.nickname)") }
        var resumed = false
        defer { if !resumed { kill(guardRelay.pid, SIGCONT) } }

        let mark = harness.events.mark
        try await harness.signal("NEWNYM")
        try await Task.sleep(for: .seconds(5))
        let launched = harness.events.circuitEvents(since: mark, status: "LAUNCHED").map(\.id)
        let ended = Set(harness.events.circuitEvents(since: mark).filter { $0.status != "LAUNCHED" && $0.status != "EXTENDED" }.map(\.id))
        let pending = launched.filter { !ended.contains($0) }
        #expect(!pending.isEmpty, "CircuitBuildTimeout 60 s: builds through the stopped guard still pending after 5 s (launched \(launched))")

        let edited = harness.events.mark
        try await harness.edit("CircuitBuildTimeout", "2 seconds")
        var failed: [ReloadEventLog.Record] = []
        let abandoned = try await harness.eventually(within: .seconds(6)) {
            failed = harness.events.circuitEvents(since: edited, status: "FAILED").filter { pending.contains($0.id) }
            return !pending.isEmpty && Set(failed.map(\.id)) == Set(pending)
        }
        #expect(abandoned, "CircuitBuildTimeout 2 seconds: the pending builds \(pending) fail, saw \(failed.map(\.id))")
        #expect(failed.allSatisfy { $0.reason == "TIMEOUT" }, "abandoned as timed out: \(failed.map { $0.reason ?? "-" })")

        kill(guardRelay.pid, SIGCONT)
        resumed = true
        try await harness.edit("CircuitBuildTimeout", "60 seconds")
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, within: .seconds(30), "builds succeed once the guard runs again")
    }

    /// `EnableConnectionPooling 1 -> 0`: with pooling, NEWNYM's fresh circuits reuse the open
    /// connection to the guard; without, each opens a connection of its own. Returns those
    /// unpooled connections.
    func checkConnectionPooling(_ harness: ReloadHarness, downloadCircuit: String) async throws -> Set<Int> {
        let guardRelay = try await guardRelay(harness, downloadCircuit: downloadCircuit)
        let pooled = harness.connections(to: guardRelay)
        #expect(!pooled.isEmpty, "the client holds a connection to its guard \(guardRelay.nickname)")
        try await newIdentity(harness, expectBuilt: Self.defaultCleanCircuits)
        let reused = harness.connections(to: guardRelay).subtracting(pooled)
        #expect(reused.isEmpty, "EnableConnectionPooling 1: new circuits share the open connection, saw new \(reused)")

        try await harness.edit("EnableConnectionPooling", "0")
        let before = harness.connections(to: guardRelay)
        let built = try await newIdentity(harness, expectBuilt: Self.defaultCleanCircuits)
        let viaGuard = built.filter { harness.events.path(ofCircuit: $0).first?.uppercased() == guardRelay.rsaFingerprint.uppercased() }
        let fresh = harness.connections(to: guardRelay).subtracting(before)
        #expect(!viaGuard.isEmpty && fresh.count >= viaGuard.count,
                "EnableConnectionPooling 0: each circuit through the guard opens its own connection (\(viaGuard.count) circuits, \(fresh.count) new connections)")
        return fresh
    }

    /// `ConnectionPoolMaxIdle 5 minutes -> 3 seconds`: an idle pooled connection outlives a sweep
    /// before, and closes at the next sweep (every 30 s) after. `ConnectionPoolMaxLife 1 hour ->
    /// 5 seconds`: with pooling on, fresh circuits reuse the pooled connection before, and open a
    /// new one once it is older than that after.
    func checkConnectionLimits(_ harness: ReloadHarness, downloadCircuit: String, unpooled: Set<Int>) async throws {
        let guardRelay = try await guardRelay(harness, downloadCircuit: downloadCircuit)
        try await harness.edit("EnableConnectionPooling", "1")
        try await harness.edit("EnableCircuitPrebuilding", "0")
        try await harness.signal("NEWNYM")
        // One pooled connection for the next circuit, which then closes: the connection is idle.
        let beforeIdle = harness.connections(to: guardRelay)
        _ = try await harness.fetchCircuit("idle", user: "idle")
        let idleConnections = harness.connections(to: guardRelay).subtracting(beforeIdle)
        try await harness.signal("NEWNYM")
        #expect(idleConnections.count == 1, "pooling on again: one new connection for the new circuit, saw \(idleConnections)")

        // A sweep (every 30 s) closes the unpooled connections whose circuits are gone, and
        // keeps the idle pooled one (idle far less than 5 minutes).
        var left: Set<Int> = []
        let swept = try await harness.eventually(within: .seconds(40)) {
            left = harness.connections(to: guardRelay).intersection(unpooled)
            return left.isEmpty
        }
        // With pooling off the guard's reachability probe closes its connection at once (the
        // build opens its own), so nothing unpooled outlives its circuit.
        #expect(swept, "unpooled connections \(unpooled) close once their circuits are gone; still open: \(left)")
        #expect(harness.connections(to: guardRelay).isSuperset(of: idleConnections), "ConnectionPoolMaxIdle 5 minutes: the idle connection stays")

        try await harness.edit("ConnectionPoolMaxIdle", "3 seconds")
        let closed = try await harness.eventually(within: .seconds(40)) {
            harness.connections(to: guardRelay).isDisjoint(with: idleConnections)
        }
        #expect(closed, "ConnectionPoolMaxIdle 3 seconds: the idle connection closes at the next sweep")

        try await harness.edit("EnableCircuitPrebuilding", "1")
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "prebuilding on again")
        let young = harness.connections(to: guardRelay)
        try await newIdentity(harness, expectBuilt: Self.defaultCleanCircuits)
        let reused = harness.connections(to: guardRelay).subtracting(young)
        #expect(reused.isEmpty, "ConnectionPoolMaxLife 1 hour: fresh circuits reuse the pooled connection, saw new \(reused)")

        try await harness.edit("ConnectionPoolMaxLife", "5 seconds")
        try await Task.sleep(for: .seconds(6))
        let old = harness.connections(to: guardRelay)
        try await newIdentity(harness, expectBuilt: Self.defaultCleanCircuits)
        let renewed = harness.connections(to: guardRelay).subtracting(old)
        #expect(!renewed.isEmpty, "ConnectionPoolMaxLife 5 seconds: fresh circuits open a new connection instead of the old one")

        try await harness.edit("ConnectionPoolMaxLife", "1 hour")
        try await harness.edit("ConnectionPoolMaxIdle", "5 minutes")
    }
}
