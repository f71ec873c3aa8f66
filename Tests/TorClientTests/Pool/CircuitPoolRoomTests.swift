import Testing
import TorCore
@testable import TorClient

/// A full pool of idle dirty circuits (many isolated streams that came and went) makes room for
/// the clean circuits prebuilding wants: the least recently used idle dirty circuit closes
/// first, and a circuit carrying a stream never does.
@Suite struct CircuitPoolRoomTests {
    typealias T = PoolTest

    /// Three circuits used once each by three keys, left idle in the order `idleOrder` (a list
    /// of 1-based circuit numbers); prebuilding on with a minimum of two and a maximum of three.
    static func fullOfIdleDirtyCircuits(idleOrder: [UInt32], minimum: Int = 2) -> CircuitPoolStateMachine {
        var machine = CircuitPoolStateMachine(
            settings: T.settings(minimum: minimum, maximum: 3, prebuilding: true), now: T.at(0))
        for (index, user) in ["a", "b", "c"].enumerated() {
            let outcome = machine.requestStream(port: 80, isolation: T.key(user), now: T.at(Double(index)))
            if case .waiting = outcome.outcome {
                for id in T.launchedIDs(outcome.actions) {
                    _ = machine.buildSucceeded(id, exitAllows: T.anyPort, now: T.at(Double(index)))
                }
            }
            // The first tick's prebuilt circuits are built too, so the next key takes one.
            for record in machine.circuits where !record.isBuilt {
                _ = machine.buildSucceeded(record.id, exitAllows: T.anyPort, now: T.at(Double(index)))
            }
        }
        for (offset, number) in idleOrder.enumerated() {
            _ = machine.streamDetached(from: T.id(number), now: T.at(10 + Double(offset)))
        }
        return machine
    }

    @Test func theFixtureFillsThePoolWithDirtyCircuits() {
        let machine = Self.fullOfIdleDirtyCircuits(idleOrder: [1, 2, 3])
        #expect(machine.circuits.count == 3)
        #expect(machine.circuits.allSatisfy { $0.isBuilt && $0.isDirty && $0.streamCount == 0 })
        #expect(Set(machine.circuits.compactMap(\.isolation)) == [T.key("a"), T.key("b"), T.key("c")])
    }

    @Test func aRoundClosesTheLeastRecentlyUsedIdleDirtyCircuitsForCleanOnes() {
        var machine = Self.fullOfIdleDirtyCircuits(idleOrder: [2, 3, 1])
        let actions = machine.tick(now: T.at(30))
        #expect(actions.count == 4)
        #expect(actions.first == .close(T.id(2), reason: .resourceLimit), "circuit 2 was left idle first")
        #expect(actions.dropFirst(2).first == .close(T.id(3), reason: .resourceLimit))
        #expect(T.launchedIDs(actions) == [T.id(4), T.id(5)])
        #expect(machine.circuits.map(\.id) == [T.id(1), T.id(4), T.id(5)])
        #expect(machine.circuits.count == machine.settings.maximumSize)
    }

    @Test func aCircuitWithAStreamIsNeverClosedToMakeRoom() {
        var machine = Self.fullOfIdleDirtyCircuits(idleOrder: [3, 1])
        #expect(machine.circuit(T.id(2))?.streamCount == 1)
        let actions = machine.tick(now: T.at(30))
        #expect(actions.contains(.close(T.id(3), reason: .resourceLimit)))
        #expect(actions.contains(.close(T.id(1), reason: .resourceLimit)))
        #expect(!actions.contains(.close(T.id(2), reason: .resourceLimit)))
        #expect(T.launchedIDs(actions).count == 2)
        #expect(machine.circuit(T.id(2))?.streamCount == 1)
    }

    @Test func withEveryCircuitBusyARoundBuildsNothing() {
        var machine = Self.fullOfIdleDirtyCircuits(idleOrder: [])
        #expect(machine.tick(now: T.at(30)).isEmpty)
        #expect(machine.circuits.count == 3)
    }

    @Test func onlyAsManyCloseAsTheMinimumLacks() {
        var machine = Self.fullOfIdleDirtyCircuits(idleOrder: [3, 2, 1], minimum: 1)
        let actions = machine.tick(now: T.at(30))
        #expect(actions == [.close(T.id(3), reason: .resourceLimit), .launch(T.id(4), exitPort: 80)])
        // The next round has its clean circuit: the other idle dirty circuits stay for their keys.
        _ = machine.buildSucceeded(T.id(4), exitAllows: T.anyPort, now: T.at(31))
        #expect(machine.tick(now: T.at(60)).isEmpty)
        #expect(machine.circuit(T.id(1)) != nil && machine.circuit(T.id(2)) != nil)
    }

    @Test func aWaitingStreamInAFullPoolClosesTheLeastRecentlyUsedIdleCircuit() {
        var machine = Self.fullOfIdleDirtyCircuits(idleOrder: [3, 1, 2])
        let (outcome, actions) = machine.requestStream(port: 80, isolation: T.key("d"), now: T.at(20))
        guard case .waiting = outcome else { Issue.record("a new key should wait for a build"); return }
        #expect(actions == [.close(T.id(3), reason: .resourceLimit), .launch(T.id(4), exitPort: 80)])
    }

    @Test func aPredictedPortNoCleanCircuitServesGetsABuildBeyondTheMinimum() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, maximum: 3, prebuilding: true), now: T.at(0))
        let first = T.launches(machine.tick(now: T.at(0)))
        #expect(first.map(\.1) == [80], "one build in flight stands for every port")
        _ = machine.buildSucceeded(first[0].0, exitAllows: T.only([80]), now: T.at(1))
        let round = T.launches(machine.tick(now: T.at(30)))
        #expect(round.map(\.1) == [443], "the clean circuit's exit refuses 443")
        _ = machine.buildSucceeded(round[0].0, exitAllows: T.only([443]), now: T.at(31))
        #expect(machine.tick(now: T.at(60)).isEmpty, "both predicted ports are served")
    }

    @Test func aCoveredPortOrAZeroMinimumBuildsNothingMore() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, prebuilding: true), now: T.at(0))
        let first = T.launchedIDs(machine.tick(now: T.at(0)))
        _ = machine.buildSucceeded(first[0], exitAllows: T.anyPort, now: T.at(1))
        #expect(machine.tick(now: T.at(30)).isEmpty)
        var idle = CircuitPoolStateMachine(settings: T.settings(minimum: 0, prebuilding: true), now: T.at(0))
        #expect(idle.tick(now: T.at(0)).isEmpty, "CircuitPoolMinSize 0 keeps nothing ready")
    }
}
