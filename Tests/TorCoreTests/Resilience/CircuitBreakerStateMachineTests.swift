import Testing
@testable import TorCore

@Suite struct CircuitBreakerStateMachineTests {
    static let rateOnly = CircuitBreakerPolicy(
        consecutiveFailureThreshold: nil, failureRateThreshold: 0.5, rateWindow: .seconds(10),
        minimumCallsInWindow: 4, cooldown: .seconds(5))

    /// Runs one call at `seconds` and returns the transition it caused.
    static func call(
        _ machine: inout CircuitBreakerStateMachine, failing: Bool, at seconds: Int64
    ) throws -> CircuitBreakerStateChange? {
        let (decision, _) = machine.acquire(now: .at(seconds: seconds))
        guard case .permitted(let permit) = decision else {
            Issue.record("call at \(seconds) s was rejected")
            return nil
        }
        return machine.record(failing ? .failure("failed") : .success, for: permit, now: .at(seconds: seconds))
    }

    @Test func theRateRuleWaitsForTheMinimumNumberOfCalls() throws {
        var machine = CircuitBreakerStateMachine(policy: Self.rateOnly)
        for _ in 0..<3 { #expect(try Self.call(&machine, failing: true, at: 0) == nil) }
        #expect(machine.state == .closed)
        let change = try Self.call(&machine, failing: true, at: 0)
        #expect(change?.to == .open)
        #expect(change?.reason == "failure rate 100% (4 of 4 calls) within 10 s")
    }

    @Test func theRateRuleCountsOnlyCallsWithinTheWindow() throws {
        var machine = CircuitBreakerStateMachine(policy: Self.rateOnly)
        for _ in 0..<3 { _ = try Self.call(&machine, failing: true, at: 0) }
        _ = try Self.call(&machine, failing: false, at: 0)
        #expect(machine.state == .closed)
        // Ten seconds on, the four old outcomes have left the window: 1 failure in 1 call.
        #expect(try Self.call(&machine, failing: true, at: 10) == nil)
        #expect(machine.statistics(now: .at(seconds: 10)).callsInWindow == 1)
        _ = try Self.call(&machine, failing: false, at: 11)
        _ = try Self.call(&machine, failing: false, at: 12)
        #expect(machine.state == .closed)
        let change = try Self.call(&machine, failing: true, at: 13)
        #expect(change?.to == .open)
        #expect(change?.reason == "failure rate 50% (2 of 4 calls) within 10 s")
    }

    @Test func theRateRuleStaysClosedBelowTheThreshold() throws {
        var machine = CircuitBreakerStateMachine(policy: Self.rateOnly)
        for second in 0..<20 {
            _ = try Self.call(&machine, failing: second % 4 == 1, at: Int64(second))
        }
        #expect(machine.state == .closed)
        let statistics = machine.statistics(now: .at(seconds: 19))
        #expect(statistics.callsInWindow == 10)
        #expect(statistics.failuresInWindow == 2)
        #expect(statistics.failureRateInWindow == 0.2)
    }

    @Test func eitherRuleOpensWhenBothAreOn() throws {
        var byCount = CircuitBreakerStateMachine(policy: .default)
        for _ in 0..<5 { _ = try Self.call(&byCount, failing: true, at: 0) }
        #expect(byCount.state == .open)

        var byRate = CircuitBreakerStateMachine(policy: .default)
        for index in 0..<10 { _ = try Self.call(&byRate, failing: index % 2 == 1, at: 0) }
        #expect(byRate.state == .open)
    }

    @Test func theRefreshMovesToHalfOpenOnlyAfterTheCooldown() throws {
        var machine = CircuitBreakerStateMachine(policy: Self.rateOnly)
        for _ in 0..<4 { _ = try Self.call(&machine, failing: true, at: 0) }
        #expect(machine.refresh(now: .at(seconds: 4)) == nil)
        let (decision, _) = machine.acquire(now: .at(seconds: 4))
        #expect(decision == .rejected(retryAt: .at(seconds: 5)))
        let change = machine.refresh(now: .at(seconds: 5))
        #expect(change == CircuitBreakerStateChange(from: .open, to: .halfOpen, at: .at(seconds: 5), reason: "cooldown of 5 s ended"))
        #expect(machine.refresh(now: .at(seconds: 6)) == nil)
    }

    @Test func anOutcomeFromBeforeTheLastTransitionCannotMoveTheState() throws {
        let policy = CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(5))
        var machine = CircuitBreakerStateMachine(policy: policy)
        guard case (.permitted(let slow), _) = machine.acquire(now: .origin) else {
            Issue.record("closed breaker rejected a call")
            return
        }
        _ = try Self.call(&machine, failing: true, at: 0)
        #expect(machine.state == .open)
        _ = try Self.call(&machine, failing: false, at: 5)
        #expect(machine.state == .closed)
        // The slow call from the first closed period fails only now.
        #expect(machine.record(.failure("slow"), for: slow, now: .at(seconds: 6)) == nil)
        #expect(machine.state == .closed)
        let statistics = machine.statistics(now: .at(seconds: 6))
        #expect(statistics.consecutiveFailures == 0)
        #expect(statistics.totalFailures == 2)
        #expect(statistics.lastFailure?.description == "slow")
    }

    @Test func theWindowKeepsAtMostItsCapacity() {
        var window = FailureWindow(length: .seconds(60))
        for index in 0..<(FailureWindow.capacity + 10) {
            window.record(failed: index < 10, at: .origin)
        }
        #expect(window.count == FailureWindow.capacity)
        #expect(window.failures == 0)
        window.prune(now: .at(seconds: 60))
        #expect(window.count == 0)
    }

    @Test func thePolicyInitialiserClamps() {
        let policy = CircuitBreakerPolicy(
            consecutiveFailureThreshold: 0, failureRateThreshold: 7, rateWindow: .seconds(-1),
            minimumCallsInWindow: -3, cooldown: .seconds(-5), halfOpenProbeLimit: 0, successesToClose: 0)
        #expect(policy.consecutiveFailureThreshold == 1)
        #expect(policy.failureRateThreshold == 1)
        #expect(policy.rateWindow == .zero && policy.cooldown == .zero)
        #expect(policy.minimumCallsInWindow == 1 && policy.halfOpenProbeLimit == 1 && policy.successesToClose == 1)
    }
}
