import Testing
import TorCore
@testable import TorClient

/// Building ahead of demand (path-spec.txt §2.1.1), the size limits, reloads, NEWNYM, shutdown.
@Suite struct CircuitPoolPrebuildTests {
    typealias T = PoolTest

    @Test func theFirstTickPrebuildsTheMinimumForThePredictedPorts() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 2, prebuilding: true), now: T.at(0))
        let launches = T.launches(machine.tick(now: T.at(0)))
        #expect(launches.map(\.0) == [T.id(1), T.id(2)])
        #expect(Set(launches.compactMap(\.1)) == [80, 443])
        #expect(machine.circuits.allSatisfy { !$0.isBuilt && $0.isClean })
        #expect(machine.update(settings: machine.settings, now: T.at(1)).isEmpty, "building circuits count toward the minimum")
    }

    @Test func noPrebuildingWhenItIsOff() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 4, prebuilding: false), now: T.at(0))
        #expect(machine.tick(now: T.at(0)).isEmpty)
        #expect(machine.tick(now: T.at(3600)).isEmpty)
    }

    @Test func newCircuitPeriodSpacesPrebuildRounds() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, prebuilding: true, period: 30), now: T.at(0))
        let first = T.launchedIDs(machine.tick(now: T.at(0)))
        #expect(first.count == 1)
        _ = machine.buildSucceeded(first[0], exitAllows: T.anyPort, now: T.at(1))
        #expect(machine.requestStream(port: 80, isolation: T.key(), now: T.at(2)).outcome == .attached(first[0]))
        #expect(machine.tick(now: T.at(29.9)).isEmpty, "the clean circuit was used, but the round is not due")
        #expect(machine.nextWakeup() == T.at(30))
        #expect(T.launchedIDs(machine.tick(now: T.at(30))) == [T.id(2)])
    }

    @Test func aFailedPrebuildIsReplacedAtTheNextRound() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, prebuilding: true, period: 30), now: T.at(0))
        _ = machine.tick(now: T.at(0))
        #expect(machine.buildFailed(T.id(1), now: T.at(1)).isEmpty)
        #expect(machine.tick(now: T.at(20)).isEmpty)
        #expect(T.launchedIDs(machine.tick(now: T.at(30))) == [T.id(2)])
    }

    @Test func prebuildsCoverTheLeastCoveredPredictedPortFirst() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, prebuilding: true), now: T.at(0))
        let first = T.launches(machine.tick(now: T.at(0)))
        #expect(first.count == 1)
        _ = machine.buildSucceeded(first[0].0, exitAllows: T.only([80]), now: T.at(1))
        _ = machine.update(settings: T.settings(minimum: 2, prebuilding: true), now: T.at(2))
        #expect(machine.circuits.last?.targetPort == 443, "80 is covered by the clean circuit, 443 by nothing")
    }

    @Test func aRequestedPortBecomesPredictedAndAnHourWithoutRequestsStopsPrebuilding() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, prebuilding: true, period: 30), now: T.at(0))
        _ = machine.tick(now: T.at(0))
        _ = machine.buildFailed(T.id(1), now: T.at(1))
        _ = machine.requestStream(port: 8080, isolation: T.key(), now: T.at(1800))
        #expect(Set(machine.predictedPorts.keys) == [80, 443, 8080])
        _ = machine.cancelRequest(StreamRequestID(rawValue: 1), now: T.at(1800))
        _ = machine.buildFailed(T.id(2), now: T.at(1801))
        // 80 and 443 were predicted at start; an hour later only 8080 remains.
        let round = T.launches(machine.tick(now: T.at(3600)))
        #expect(round.map(\.1) == [8080])
        #expect(Set(machine.predictedPorts.keys) == [8080])
        _ = machine.buildFailed(round[0].0, now: T.at(3601))
        #expect(machine.tick(now: T.at(5400)).isEmpty, "an hour without requests predicts no use")
        #expect(machine.predictedPorts.isEmpty)
    }

    @Test func raisingTheMinimumBuildsAtOnceAndLoweringItBuildsNothing() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 2, prebuilding: true), now: T.at(0))
        _ = machine.tick(now: T.at(0))
        #expect(T.launchedIDs(machine.update(settings: T.settings(minimum: 6, prebuilding: true), now: T.at(1))).count == 4)
        #expect(machine.circuits.count == 6)
        #expect(machine.update(settings: T.settings(minimum: 1, prebuilding: true), now: T.at(2)).isEmpty)
    }

    @Test func theMaximumCountsBuildingCircuitsAndCapsPrebuilding() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 5, maximum: 3, prebuilding: true), now: T.at(0))
        #expect(machine.settings.maximumSize == 5, "the maximum is never below the minimum")
        machine = CircuitPoolStateMachine(
            settings: CircuitPoolSettings(minimumSize: 2, maximumSize: 3, isPrebuildingEnabled: true), now: T.at(0))
        #expect(T.launchedIDs(machine.tick(now: T.at(0))).count == 2)
        _ = machine.buildSucceeded(T.id(1), exitAllows: T.anyPort, now: T.at(1))
        _ = machine.buildSucceeded(T.id(2), exitAllows: T.anyPort, now: T.at(1))
        #expect(machine.requestStream(port: 80, isolation: T.key("a"), now: T.at(2)).outcome == .attached(T.id(1)))
        #expect(machine.requestStream(port: 80, isolation: T.key("b"), now: T.at(2)).outcome == .attached(T.id(2)))
        #expect(T.launchedIDs(machine.tick(now: T.at(40))) == [T.id(3)], "two would restore the minimum; one fits")
        #expect(machine.circuits.count == 3)
    }

    @Test func aFullPoolGivesUpAnIdleCircuitForAWaitingStream() {
        var machine = CircuitPoolStateMachine(settings: T.settings(maximum: 2), now: T.at(0))
        let alice = machine.openCircuit(port: 80, key: T.key("a"), at: T.at(0))!
        let bob = machine.openCircuit(port: 80, key: T.key("b"), at: T.at(0))!
        _ = machine.streamDetached(from: alice, now: T.at(1))
        let (outcome, actions) = machine.requestStream(port: 80, isolation: T.key("c"), now: T.at(2))
        #expect(outcome == .waiting(StreamRequestID(rawValue: 3)))
        #expect(actions == [.close(alice, reason: .resourceLimit), .launch(T.id(3), exitPort: 80)])
        // Now every circuit is busy: the next stream with a new key waits without a build.
        let (carol, none) = machine.requestStream(port: 80, isolation: T.key("d"), now: T.at(3))
        #expect(carol == .waiting(StreamRequestID(rawValue: 4)))
        #expect(none.isEmpty)
        #expect(machine.circuits.count == 2)
        // When bob's stream ends, his idle circuit makes room.
        #expect(machine.streamDetached(from: bob, now: T.at(4)) == [.close(bob, reason: .resourceLimit), .launch(T.id(4), exitPort: 80)])
    }

    @Test func loweringTheMaximumClosesIdleCircuitsButNeverOnesWithStreams() {
        var machine = CircuitPoolStateMachine(settings: T.settings(maximum: 4), now: T.at(0))
        let busy = machine.openCircuit(port: 80, key: T.key("a"), at: T.at(0))!
        let idle = machine.openCircuit(port: 80, key: T.key("b"), at: T.at(0))!
        _ = machine.streamDetached(from: idle, now: T.at(1))
        _ = machine.requestStream(port: 80, isolation: T.key("c"), now: T.at(1))
        let building = T.id(3)
        #expect(machine.circuit(building)?.isBuilt == false)
        _ = machine.cancelRequest(StreamRequestID(rawValue: 3), now: T.at(1))
        let actions = machine.update(settings: T.settings(maximum: 1), now: T.at(2))
        #expect(actions == [.close(idle, reason: .resourceLimit), .abandonBuild(building, reason: .resourceLimit)])
        #expect(machine.circuits.map(\.id) == [busy])
    }

    @Test func newIdentityKeepsOpenStreamsButGivesNewStreamsNewCircuits() {
        var machine = CircuitPoolStateMachine(settings: T.settings(minimum: 1, prebuilding: true), now: T.at(0))
        let prebuilt = T.launchedIDs(machine.tick(now: T.at(0)))[0]
        _ = machine.buildSucceeded(prebuilt, exitAllows: T.anyPort, now: T.at(1))
        let used = machine.openCircuit(port: 80, key: T.key("a"), at: T.at(1))
        #expect(used == nil, "the prebuilt clean circuit took the stream")
        _ = machine.requestStream(port: 443, isolation: T.key("b"), now: T.at(2))
        let actions = machine.markAllDirty(now: T.at(3))
        // The used circuit keeps its stream; the build launched before NEWNYM is abandoned; a
        // new prebuild round runs at once; bob's waiting stream gets a fresh build.
        #expect(actions.contains(.abandonBuild(T.id(2), reason: .finished)))
        #expect(!actions.contains(.close(prebuilt, reason: .finished)))
        #expect(T.launches(actions).count == 2)
        #expect(machine.circuit(prebuilt)?.isRetired == true)
        let (outcome, _) = machine.requestStream(port: 80, isolation: T.key("a"), now: T.at(4))
        guard case .waiting = outcome else { Issue.record("a retired circuit took a new stream"); return }
        #expect(machine.streamDetached(from: prebuilt, now: T.at(5)) == [.close(prebuilt, reason: .finished)])
    }

    @Test func newIdentityClosesIdleCircuitsAtOnce() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), at: T.at(0))!
        _ = machine.streamDetached(from: id, now: T.at(1))
        #expect(machine.markAllDirty(now: T.at(2)) == [.close(id, reason: .finished)])
    }

    @Test func shutdownEndsEverythingAndRefusesNewStreams() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let open = machine.openCircuit(port: 80, key: T.key("a"), at: T.at(0))!
        _ = machine.requestStream(port: 80, isolation: T.key("b"), now: T.at(1))
        let actions = machine.shutdown()
        #expect(actions == [
            .close(open, reason: .requested), .abandonBuild(T.id(2), reason: .requested),
            .failRequest(StreamRequestID(rawValue: 2)),
        ])
        #expect(machine.requestStream(port: 80, isolation: T.key(), now: T.at(2)).outcome == .shutDown)
        #expect(machine.tick(now: T.at(3)).isEmpty)
        #expect(machine.circuits.isEmpty)
    }

    @Test func circuitIDsAreSmallAndNeverReused() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0), firstID: 7)
        _ = machine.requestStream(port: 80, isolation: T.key("a"), now: T.at(0))
        _ = machine.buildFailed(T.id(7), now: T.at(0))
        _ = machine.tick(now: T.at(1))
        #expect(machine.circuits.map(\.id) == [T.id(8)])
        #expect(T.id(8).description == "8")
    }
}
