import Testing
@testable import TorCore

@Suite struct CircuitBreakerTests {
    static let threeStrikes = CircuitBreakerPolicy(
        consecutiveFailureThreshold: 3, failureRateThreshold: nil, cooldown: .seconds(30))

    static func fail(_ breaker: CircuitBreaker, times: Int = 1) async {
        for _ in 0..<times {
            _ = try? await breaker.run { () async throws -> Int in throw TransientFailure() }
        }
    }

    static func succeed(_ breaker: CircuitBreaker) async throws {
        _ = try await breaker.run { 1 }
    }

    @Test func opensAfterConsecutiveFailuresAndASuccessResetsTheCount() async throws {
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: ManualClock())
        await Self.fail(breaker, times: 2)
        try await Self.succeed(breaker)
        #expect(await breaker.statistics().consecutiveFailures == 0)
        await Self.fail(breaker, times: 2)
        #expect(await breaker.state == .closed)
        await Self.fail(breaker)
        #expect(await breaker.state == .open)
        #expect(await breaker.statistics().consecutiveFailures == 3)
    }

    @Test func whileOpenCallsFailFastWithoutRunningTheOperation() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(target: "ABCD1234", policy: Self.threeStrikes, clock: clock)
        await Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(12))
        var ran = false
        let error = try #require(await #expect(throws: TorCoreError.self) {
            try await breaker.run { ran = true }
        })
        #expect(!ran)
        #expect(error.code == .breakerOpen)
        #expect(error.kind == .resource)
        // The target's name goes through Redacted; whether it is scrubbed is not asserted
        // here because another suite toggles the process-wide SafeLogging switch in parallel.
        #expect(error.reason.hasPrefix("The circuit breaker for "))
        #expect(error.reason.contains("is open after repeated failures"))
        #expect(error.reason.contains("in 18 s (at +30 s)"))
        #expect(await breaker.statistics().totalRejections == 1)
    }

    @Test func cancellationAndRejectionsDoNotCountAsFailures() async {
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: ManualClock())
        for _ in 0..<5 {
            _ = try? await breaker.run { () async throws -> Int in throw CancellationError() }
        }
        let statistics = await breaker.statistics()
        #expect(statistics.state == .closed)
        #expect(statistics.totalFailures == 0)
        #expect(statistics.totalCalls == 5)
    }

    @Test func aCustomClassifierDecidesWhatCounts() async {
        let breaker = CircuitBreaker(
            target: "relay", policy: Self.threeStrikes, clock: ManualClock(),
            isFailure: { !($0 is TransientFailure) })
        await Self.fail(breaker, times: 5)
        #expect(await breaker.state == .closed)
    }

    @Test func cooldownLeadsToHalfOpenAndAProbeSuccessCloses() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: clock)
        await Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(29))
        #expect(await breaker.state == .open)
        clock.advance(by: .seconds(1))
        #expect(await breaker.state == .halfOpen)
        try await Self.succeed(breaker)
        #expect(await breaker.state == .closed)
        #expect(await breaker.statistics().openedAt == nil)
    }

    @Test func halfOpenAdmitsOnlyTheProbeLimitAndNeedsKSuccesses() async throws {
        let clock = ManualClock()
        let policy = CircuitBreakerPolicy(
            consecutiveFailureThreshold: 1, cooldown: .seconds(10), halfOpenProbeLimit: 2,
            successesToClose: 2)
        let breaker = CircuitBreaker(target: "relay", policy: policy, clock: clock)
        await Self.fail(breaker)
        clock.advance(by: .seconds(10))
        let first = try await breaker.acquirePermission()
        let second = try await breaker.acquirePermission()
        #expect(first.isProbe && second.isProbe)
        #expect(await breaker.isRejectingCalls)
        let error = await #expect(throws: TorCoreError.self) { try await breaker.acquirePermission() }
        #expect(error?.code == .breakerOpen)
        #expect(error?.reason.contains("half-open") == true)
        await breaker.record(.success, for: first)
        #expect(await breaker.state == .halfOpen)
        let third = try await breaker.acquirePermission()
        await breaker.record(.success, for: second)
        #expect(await breaker.state == .closed)
        // A probe finishing after the breaker closed cannot move it.
        await breaker.record(.failure("late"), for: third)
        #expect(await breaker.state == .closed)
        #expect(await breaker.statistics().totalFailures == 2)
    }

    @Test func anIgnoredProbeFreesItsSlot() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: clock)
        await Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        _ = try? await breaker.run { () async throws -> Int in throw CancellationError() }
        #expect(await breaker.state == .halfOpen)
        try await Self.succeed(breaker)
        #expect(await breaker.state == .closed)
    }

    @Test func aFailedProbeReopensWithAFreshCooldown() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: clock)
        await Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(31))
        await Self.fail(breaker)
        #expect(await breaker.state == .open)
        #expect(await breaker.statistics().openedAt == .at(seconds: 31))
        clock.advance(by: .seconds(29))
        let error = await #expect(throws: TorCoreError.self) { try await breaker.acquirePermission() }
        #expect(error?.reason.contains("in 1 s") == true)
        clock.advance(by: .seconds(1))
        #expect(await breaker.state == .halfOpen)
    }

    @Test func observersSeeEveryStateChangeInOrder() async throws {
        let clock = ManualClock()
        let changes = Recorder<CircuitBreakerStateChange>()
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: clock)
        let id = await breaker.observe { changes.append($0) }
        await Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        await Self.fail(breaker)
        clock.advance(by: .seconds(30))
        try await Self.succeed(breaker)
        #expect(changes.values.map { "\($0.from)->\($0.to)" }
            == ["closed->open", "open->halfOpen", "halfOpen->open", "open->halfOpen", "halfOpen->closed"])
        #expect(changes.values.map(\.at) == [0, 30, 30, 60, 60].map { .at(seconds: $0) })
        #expect(changes.values.map(\.reason)
            == ["3 consecutive failures", "cooldown of 30 s ended", "probe failed",
                "cooldown of 30 s ended", "1 probe(s) succeeded"])
        await breaker.removeObserver(id)
        await Self.fail(breaker, times: 3)
        #expect(changes.values.count == 5)
    }

    @Test func statisticsReportTheCounters() async throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(target: "relay", policy: Self.threeStrikes, clock: clock)
        try await Self.succeed(breaker)
        clock.advance(by: .seconds(2))
        await Self.fail(breaker)
        clock.advance(by: .seconds(1))
        await Self.fail(breaker, times: 2)
        _ = try? await breaker.acquirePermission()
        let statistics = await breaker.statistics()
        #expect(statistics.state == .open)
        #expect(statistics.consecutiveFailures == 3)
        #expect(statistics.totalCalls == 4)
        #expect(statistics.totalSuccesses == 1)
        #expect(statistics.totalFailures == 3)
        #expect(statistics.totalRejections == 1)
        #expect(statistics.lastFailure == CircuitBreakerFailureRecord(at: .at(seconds: 3), description: "transient failure 0"))
        #expect(statistics.openedAt == .at(seconds: 3))
        // Opening starts a fresh window.
        #expect(statistics.callsInWindow == 0 && statistics.failureRateInWindow == nil)
    }

    @Test func presetsHaveTheirDocumentedNumbers() {
        #expect(CircuitBreakerPolicy.default.description
            == "CircuitBreakerPolicy(consecutiveFailures: 5, failureRate: 50% over 60 s after 10 calls, "
                + "cooldown: 30 s, probes: 1, successesToClose: 1)")
        #expect(CircuitBreakerPolicy.sensitive.description
            == "CircuitBreakerPolicy(consecutiveFailures: 3, failureRate: 25% over 120 s after 8 calls, "
                + "cooldown: 60 s, probes: 1, successesToClose: 2)")
        #expect(CircuitBreakerPolicy.tolerant.description
            == "CircuitBreakerPolicy(consecutiveFailures: 10, failureRate: off, "
                + "cooldown: 10 s, probes: 2, successesToClose: 1)")
    }
}
