import Testing
import TorCore
@testable import TorClient

/// Which circuit a stream gets, and when circuits are built: path-spec.txt §2.1.2 on-demand
/// circuits, dirtiness and isolation; the size limits and retries.
@Suite struct CircuitPoolStateMachineTests {
    typealias T = PoolTest

    @Test func aStreamWithNoCircuitWaitsForOneBuiltForItsPort() throws {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let (outcome, actions) = machine.requestStream(port: 8080, isolation: T.key(), now: T.at(0))
        let request = StreamRequestID(rawValue: 1)
        #expect(outcome == .waiting(request))
        #expect(actions == [.launch(T.id(1), exitPort: 8080)])
        #expect(machine.buildSucceeded(T.id(1), exitAllows: T.anyPort, now: T.at(2)) == [.attach(request, T.id(1))])
        let record = try #require(machine.circuit(T.id(1)))
        #expect(record.streamCount == 1)
        #expect(record.isolation == T.key())
        #expect(record.firstUsedAt == T.at(2))
        #expect(record.isDirty)
    }

    @Test func aStreamWithAnEqualKeySharesTheCircuit() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key("alice"), at: T.at(0))
        let (outcome, actions) = machine.requestStream(port: 443, isolation: T.key("alice"), now: T.at(5))
        #expect(outcome == .attached(id!))
        #expect(actions.isEmpty)
        #expect(machine.circuit(id!)?.streamCount == 2)
    }

    @Test func aStreamWithAnotherKeyGetsItsOwnCircuit() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let first = machine.openCircuit(port: 80, key: T.key("alice"), at: T.at(0))
        let (outcome, actions) = machine.requestStream(port: 80, isolation: T.key("bob"), now: T.at(1))
        #expect(outcome == .waiting(StreamRequestID(rawValue: 2)))
        #expect(actions == [.launch(T.id(2), exitPort: 80)])
        #expect(first == T.id(1))
        // Another session group is another key too, even with equal credentials.
        let (other, _) = machine.requestStream(port: 80, isolation: T.key("alice", group: .listener(1)), now: T.at(1))
        guard case .waiting = other else { Issue.record("a different session group shared a circuit"); return }
    }

    @Test func aCleanCircuitTakesTheFirstStreamsKey() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        _ = machine.requestStream(port: 80, isolation: T.key("alice"), now: T.at(0))
        _ = machine.cancelRequest(StreamRequestID(rawValue: 1), now: T.at(0))
        _ = machine.buildSucceeded(T.id(1), exitAllows: T.anyPort, now: T.at(1))
        #expect(machine.circuit(T.id(1))?.isClean == true)
        #expect(machine.requestStream(port: 80, isolation: T.key("bob"), now: T.at(2)).outcome == .attached(T.id(1)))
        #expect(machine.circuit(T.id(1))?.isolation == T.key("bob"))
        let (outcome, _) = machine.requestStream(port: 80, isolation: T.key("alice"), now: T.at(3))
        #expect(outcome == .waiting(StreamRequestID(rawValue: 2)))
    }

    @Test func anExitThatRefusesThePortIsNotUsed() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), exit: T.only([80]), at: T.at(0))
        #expect(id == T.id(1))
        let (outcome, actions) = machine.requestStream(port: 22, isolation: T.key(), now: T.at(1))
        #expect(outcome == .waiting(StreamRequestID(rawValue: 2)))
        #expect(actions == [.launch(T.id(2), exitPort: 22)])
    }

    @Test func aDirtyCircuitIsReusedOnlyUntilMaxCircuitDirtiness() {
        var machine = CircuitPoolStateMachine(settings: T.settings(dirtiness: 60), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), at: T.at(10))!
        #expect(machine.requestStream(port: 80, isolation: T.key(), now: T.at(69.9)).outcome == .attached(id))
        let (late, actions) = machine.requestStream(port: 80, isolation: T.key(), now: T.at(70))
        #expect(late == .waiting(StreamRequestID(rawValue: 2)))
        #expect(actions == [.launch(T.id(2), exitPort: 80)])
        // Two streams still use it: it stays until the last one ends.
        #expect(machine.streamDetached(from: id, now: T.at(71)).isEmpty)
        #expect(machine.streamDetached(from: id, now: T.at(72)) == [.close(id, reason: .finished)])
        #expect(machine.circuit(id) == nil)
    }

    @Test func anIdleDirtyCircuitStaysForItsKeyThenClosesAtExpiry() {
        var machine = CircuitPoolStateMachine(settings: T.settings(dirtiness: 60), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), at: T.at(0))!
        #expect(machine.streamDetached(from: id, now: T.at(5)).isEmpty)
        #expect(machine.nextWakeup() == T.at(60))
        #expect(machine.requestStream(port: 80, isolation: T.key(), now: T.at(30)).outcome == .attached(id))
        #expect(machine.streamDetached(from: id, now: T.at(31)).isEmpty)
        #expect(machine.tick(now: T.at(59)).isEmpty)
        #expect(machine.tick(now: T.at(60)) == [.close(id, reason: .finished)])
    }

    @Test func detachingFromAnUnknownCircuitOrTooOftenChangesNothing() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), at: T.at(0))!
        #expect(machine.streamDetached(from: T.id(99), now: T.at(1)).isEmpty)
        _ = machine.streamDetached(from: id, now: T.at(1))
        _ = machine.streamDetached(from: id, now: T.at(1))
        #expect(machine.circuit(id)?.streamCount == 0)
    }

    @Test func streamsPreferADirtyCircuitOfTheirKeyOverACleanOne() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let dirty = machine.openCircuit(port: 80, key: T.key("alice"), at: T.at(0))!
        _ = machine.requestStream(port: 80, isolation: T.key("bob"), now: T.at(1))
        _ = machine.cancelRequest(StreamRequestID(rawValue: 2), now: T.at(1))
        _ = machine.buildSucceeded(T.id(2), exitAllows: T.anyPort, now: T.at(2))
        #expect(machine.requestStream(port: 80, isolation: T.key("alice"), now: T.at(3)).outcome == .attached(dirty))
        #expect(machine.circuit(T.id(2))?.isClean == true)
    }

    @Test func waitingStreamsTakeTheFirstSuitableCircuitBuiltInOrder() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let (first, launchFirst) = machine.requestStream(port: 80, isolation: T.key("alice"), now: T.at(0))
        let (second, launchSecond) = machine.requestStream(port: 80, isolation: T.key("alice"), now: T.at(0))
        let (third, launchThird) = machine.requestStream(port: 80, isolation: T.key("bob"), now: T.at(0))
        #expect(launchFirst == [.launch(T.id(1), exitPort: 80)])
        #expect(launchSecond.isEmpty, "an equal key expects the same build")
        #expect(launchThird == [.launch(T.id(2), exitPort: 80)])
        guard case .waiting(let a) = first, case .waiting(let b) = second, case .waiting(let c) = third else {
            Issue.record("streams should wait"); return
        }
        // The second build finishes first: alice's two streams take it; bob's waits for the other.
        #expect(machine.buildSucceeded(T.id(2), exitAllows: T.anyPort, now: T.at(1)) == [.attach(a, T.id(2)), .attach(b, T.id(2))])
        #expect(machine.buildSucceeded(T.id(1), exitAllows: T.anyPort, now: T.at(2)) == [.attach(c, T.id(1))])
        #expect(machine.waitingRequests.isEmpty)
    }

    @Test func aWaitingStreamIgnoresABuiltCircuitWhoseExitRefusesItsPort() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let (outcome, _) = machine.requestStream(port: 22, isolation: T.key(), now: T.at(0))
        guard case .waiting(let request) = outcome else { Issue.record("should wait"); return }
        // It stays waiting, and a build for its own port starts.
        #expect(machine.buildSucceeded(T.id(1), exitAllows: T.only([80]), now: T.at(1)) == [.launch(T.id(2), exitPort: 22)])
        #expect(machine.waitingRequests == [request])
        #expect(machine.circuit(T.id(1))?.isClean == true)
    }

    @Test func aFailedBuildIsRetriedAfterABackoffThatDoublesAndResets() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let (outcome, _) = machine.requestStream(port: 80, isolation: T.key(), now: T.at(0))
        #expect(machine.buildFailed(T.id(1), now: T.at(1)).isEmpty)
        #expect(machine.nextWakeup() == T.at(1.25))
        #expect(machine.tick(now: T.at(1.2)).isEmpty)
        #expect(machine.tick(now: T.at(1.25)) == [.launch(T.id(2), exitPort: 80)])
        #expect(machine.buildFailed(T.id(2), now: T.at(2)).isEmpty)
        #expect(machine.tick(now: T.at(2.4)).isEmpty)
        #expect(machine.tick(now: T.at(2.5)) == [.launch(T.id(3), exitPort: 80)])
        guard case .waiting(let request) = outcome else { Issue.record("should wait"); return }
        #expect(machine.buildSucceeded(T.id(3), exitAllows: T.anyPort, now: T.at(3)) == [.attach(request, T.id(3))])
        // Success resets the backoff: the next failure waits the first delay again.
        _ = machine.requestStream(port: 81, isolation: T.key("z"), now: T.at(4))
        _ = machine.buildFailed(T.id(4), now: T.at(5))
        #expect(machine.tick(now: T.at(5.25)) == [.launch(T.id(5), exitPort: 81)])
    }

    @Test func theRetryDelayStopsGrowingAtItsLimit() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        _ = machine.requestStream(port: 80, isolation: T.key(), now: T.at(0))
        var now = T.at(0)
        var lastDelay = Duration.zero
        for number in 1...10 {
            _ = machine.buildFailed(T.id(UInt32(number)), now: now)
            let wakeup = machine.nextWakeup()!
            #expect(wakeup.duration(since: now) <= CircuitPoolStateMachine.longestRetryDelay)
            lastDelay = wakeup.duration(since: now)
            now = wakeup
            #expect(T.launchedIDs(machine.tick(now: now)) == [T.id(UInt32(number + 1))])
        }
        #expect(lastDelay == CircuitPoolStateMachine.longestRetryDelay)
        #expect(machine.nextWakeup() == now.advanced(by: .seconds(60)), "only the build timeout is left")
    }

    @Test func aBuildPastCircuitBuildTimeoutIsAbandonedAndReplaced() {
        var machine = CircuitPoolStateMachine(settings: T.settings(timeout: 10), now: T.at(0))
        let (outcome, _) = machine.requestStream(port: 80, isolation: T.key(), now: T.at(0))
        #expect(machine.nextWakeup() == T.at(10))
        #expect(machine.tick(now: T.at(9.9)).isEmpty)
        #expect(machine.tick(now: T.at(10)) == [.abandonBuild(T.id(1), reason: .timeout)])
        #expect(machine.tick(now: T.at(10.25)) == [.launch(T.id(2), exitPort: 80)])
        // The abandoned build finishing late changes nothing.
        #expect(machine.buildSucceeded(T.id(1), exitAllows: T.anyPort, now: T.at(11)).isEmpty)
        #expect(machine.buildFailed(T.id(1), now: T.at(11)).isEmpty)
        guard case .waiting(let request) = outcome else { Issue.record("should wait"); return }
        #expect(machine.buildSucceeded(T.id(2), exitAllows: T.anyPort, now: T.at(12)) == [.attach(request, T.id(2))])
    }

    @Test func aCancelledRequestLeavesItsBuildAsACleanCircuit() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let (outcome, _) = machine.requestStream(port: 80, isolation: T.key(), now: T.at(0))
        guard case .waiting(let request) = outcome else { Issue.record("should wait"); return }
        #expect(machine.cancelRequest(request, now: T.at(1)).isEmpty)
        #expect(machine.buildSucceeded(T.id(1), exitAllows: T.anyPort, now: T.at(2)).isEmpty)
        #expect(machine.circuit(T.id(1))?.isClean == true)
        #expect(machine.circuit(T.id(1))?.streamCount == 0)
    }

    @Test func aClosedCircuitLeavesThePoolWithItsStreams() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), at: T.at(0))!
        #expect(machine.circuitClosed(id, now: T.at(1)).isEmpty)
        #expect(machine.circuits.isEmpty)
        let (outcome, actions) = machine.requestStream(port: 80, isolation: T.key(), now: T.at(2))
        #expect(outcome == .waiting(StreamRequestID(rawValue: 2)))
        #expect(actions == [.launch(T.id(2), exitPort: 80)])
    }
}

/// Requests that name no port (SOCKS RESOLVE): any exit serves them.
@Suite struct CircuitPoolResolveTests {
    typealias T = PoolTest

    @Test func aResolveTakesAnyBuiltCircuitOfItsKeyAndPredictsNothing() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let id = machine.openCircuit(port: 80, key: T.key(), exit: T.only([80]), at: T.at(0))!
        let (outcome, actions) = machine.requestStream(port: CircuitPoolStateMachine.anyPort, isolation: T.key(), now: T.at(1))
        #expect(outcome == .attached(id))
        #expect(actions.isEmpty)
        #expect(machine.predictedPorts[0] == nil)
    }

    @Test func aWaitingResolveLaunchesForNoPortAndExpectsAnyBuild() {
        var machine = CircuitPoolStateMachine(settings: T.settings(), now: T.at(0))
        let (first, launched) = machine.requestStream(port: CircuitPoolStateMachine.anyPort, isolation: T.key(), now: T.at(0))
        #expect(launched == [.launch(T.id(1), exitPort: nil)])
        // A stream to 443 with the same key builds for its port; a second resolve expects either.
        let (_, forPort) = machine.requestStream(port: 443, isolation: T.key(), now: T.at(0))
        #expect(forPort == [.launch(T.id(2), exitPort: 443)])
        let (second, none) = machine.requestStream(port: CircuitPoolStateMachine.anyPort, isolation: T.key(), now: T.at(0))
        #expect(none.isEmpty)
        guard case .waiting(let a) = first, case .waiting(let c) = second else { Issue.record("should wait"); return }
        let attached = machine.buildSucceeded(T.id(2), exitAllows: T.only([443]), now: T.at(1))
        #expect(attached == [.attach(a, T.id(2)), .attach(StreamRequestID(rawValue: 2), T.id(2)), .attach(c, T.id(2))])
    }
}
