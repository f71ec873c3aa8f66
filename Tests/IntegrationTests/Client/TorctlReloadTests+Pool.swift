import Foundation
import Testing

/// The log and circuit-pool options, each seen through what it changes: debug lines, the number
/// of clean circuits, when replacements are launched, which circuit a later stream gets, and
/// builds abandoned when they take too long.
extension TorctlReloadTests {
    /// The circuits the pool keeps ready at `CircuitPoolMinSize 2`.
    static let defaultCleanCircuits = 2

    /// Waits (bounded) for exactly `count` clean circuits; records an issue naming `why` if not.
    func expectCleanCircuits(_ harness: ReloadHarness, _ count: Int, within timeout: Duration = .seconds(20), _ why: String) async throws {
        var last: [String] = []
        let reached = try await harness.eventually(within: timeout) {
            last = try await harness.cleanCircuits()
            return last.count == count
        }
        #expect(reached, "\(why): expected \(count) clean circuits, saw \(last.count) (\(last))")
    }

    /// `LogLevel notice -> debug` makes debug lines appear; back to notice, they stop.
    func checkLogLevel(_ harness: ReloadHarness) async throws {
        #expect(!harness.output(after: 0).contains("[debug]"), "no debug line at LogLevel notice")
        let applied = try await harness.edit("LogLevel", "debug")
        _ = try await harness.fetch()
        let debug = try? await harness.waitForLine(after: applied, timeout: .seconds(10)) { $0.contains("[debug]") }
        #expect(debug != nil, "LogLevel debug: debug lines appear in the Log notice stdout output")

        try await harness.edit("LogLevel", "notice")
        // Lines already on their way when the router switched may still follow the reload line.
        try await Task.sleep(for: .seconds(1))
        let quiet = harness.outputSize
        _ = try await harness.fetch()
        try await Task.sleep(for: .seconds(2))
        let late = harness.output(after: quiet).split(separator: "\n").filter { $0.contains("[debug]") }
        #expect(late.isEmpty, "LogLevel notice again: no more debug lines, saw \(late.prefix(3))")
    }

    /// `CircuitPoolMinSize 2 -> 6` yields six clean circuits; `CircuitPoolMaxSize 12 -> 3`
    /// closes idle circuits down to three (the download's circuit stays), which leaves the two
    /// clean ones `CircuitPoolMinSize 2` asks for (a smaller minimum closes nothing by itself).
    func checkPoolSizes(_ harness: ReloadHarness, downloadCircuit: String) async throws {
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "CircuitPoolMinSize 2 at start")
        try await harness.edit("CircuitPoolMinSize", "6")
        try await expectCleanCircuits(harness, 6, within: .seconds(25), "CircuitPoolMinSize 2 -> 6")

        try await harness.edit("CircuitPoolMinSize", "2")
        let before = try await harness.circuits().filter(\.isOpenOrBuilding)
        #expect(before.count >= 7, "six clean circuits and the download's before the maximum shrinks: \(before.map(\.id))")
        try await harness.edit("CircuitPoolMaxSize", "3")
        var after: [ControlCircuit] = []
        let shrunk = try await harness.eventually(within: .seconds(10)) {
            after = try await harness.circuits().filter(\.isOpenOrBuilding)
            return after.count <= 3
        }
        #expect(shrunk, "CircuitPoolMaxSize 12 -> 3: at most three circuits, saw \(after.map(\.id))")
        #expect(after.contains { $0.id == downloadCircuit }, "the download's circuit is never closed to make room")
        try await harness.edit("CircuitPoolMaxSize", "12")
    }

    /// `NewCircuitPeriod`: at 10 minutes a clean circuit taken by a stream is not replaced for
    /// seconds; at 2 seconds it is replaced within about that.
    func checkNewCircuitPeriod(_ harness: ReloadHarness) async throws {
        try await harness.edit("NewCircuitPeriod", "10 minutes")
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "before NewCircuitPeriod is tried")
        let slow = harness.events.mark
        _ = try await harness.fetchCircuit("period-slow", user: "period-slow")
        try await Task.sleep(for: .seconds(8))
        let early = harness.events.circuitEvents(since: slow, status: "LAUNCHED")
        #expect(early.isEmpty, "NewCircuitPeriod 10 minutes: no replacement within 8 s, saw \(early.map(\.id))")

        try await harness.edit("NewCircuitPeriod", "2 seconds")
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "NewCircuitPeriod 2 seconds refills the pool")
        let fast = harness.events.mark
        _ = try await harness.fetchCircuit("period-fast", user: "period-fast")
        let replaced = try await harness.eventually(within: .seconds(5)) {
            !harness.events.circuitEvents(since: fast, status: "LAUNCHED").isEmpty
        }
        #expect(replaced, "NewCircuitPeriod 2 seconds: the taken circuit is replaced within 5 s")
    }

    /// `EnableCircuitPrebuilding 1 -> 0`: a taken clean circuit is not replaced; back to 1, it is
    /// at once. (NewCircuitPeriod is 2 seconds here, so a replacement would come quickly.)
    func checkPrebuilding(_ harness: ReloadHarness) async throws {
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "before prebuilding is turned off")
        try await harness.edit("EnableCircuitPrebuilding", "0")
        let off = harness.events.mark
        _ = try await harness.fetchCircuit("prebuild-off", user: "prebuild-off")
        try await Task.sleep(for: .seconds(6))
        let launched = harness.events.circuitEvents(since: off, status: "LAUNCHED")
        #expect(launched.isEmpty, "EnableCircuitPrebuilding 0: nothing built ahead of demand, saw \(launched.map(\.id))")
        #expect(try await harness.cleanCircuits().count == Self.defaultCleanCircuits - 1)

        let on = harness.events.mark
        try await harness.edit("EnableCircuitPrebuilding", "1")
        let rebuilt = try await harness.eventually(within: .seconds(5)) {
            !harness.events.circuitEvents(since: on, status: "LAUNCHED").isEmpty
        }
        #expect(rebuilt, "EnableCircuitPrebuilding 1: the pool is topped up at once")
        try await expectCleanCircuits(harness, Self.defaultCleanCircuits, "prebuilding back on")
    }

    /// `MaxCircuitDirtiness 10 minutes -> 10 seconds`: a circuit dirty for 12 s is reused before
    /// the edit and closed by it; the same credentials then get another circuit. The download's
    /// circuit, dirty far longer, stays while it carries the stream.
    func checkDirtiness(_ harness: ReloadHarness, downloadCircuit: String) async throws {
        let first = try await harness.fetchCircuit("dirty-1", user: "dirty")
        try await Task.sleep(for: .seconds(12))
        let again = try await harness.fetchCircuit("dirty-2", user: "dirty")
        #expect(again == first, "MaxCircuitDirtiness 10 minutes: a circuit dirty for 12 s still takes the same user's streams")

        try await harness.edit("MaxCircuitDirtiness", "10 seconds")
        let closed = try await harness.eventually(within: .seconds(6)) {
            try await !harness.circuits().contains { $0.id == first && $0.isOpenOrBuilding }
        }
        #expect(closed, "MaxCircuitDirtiness 10 seconds: the idle circuit dirty for 12 s closes")
        let after = try await harness.fetchCircuit("dirty-3", user: "dirty")
        #expect(after != first, "MaxCircuitDirtiness 10 seconds: the same user's next stream gets a fresh circuit")
        #expect(try await harness.circuits().contains { $0.id == downloadCircuit }, "the download's circuit stays while it carries the stream")
        try await harness.edit("MaxCircuitDirtiness", "10 minutes")
    }
}

extension ControlCircuit {
    /// Listed as launched, extended or built (not failed or closed).
    var isOpenOrBuilding: Bool { status != "FAILED" && status != "CLOSED" }
}
