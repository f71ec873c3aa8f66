import Testing
@testable import TorCore

@Suite struct ResiliencePipelineTests {
    static func pipeline(
        threshold: Int, attempts: Int = 5, clock: ManualClock
    ) -> ResiliencePipeline<String> {
        let registry = CircuitBreakerRegistry<String>(
            policy: CircuitBreakerPolicy(consecutiveFailureThreshold: threshold, cooldown: .seconds(60)),
            clock: clock)
        let retry = RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        return ResiliencePipeline(retry: retry, breakers: registry, clock: clock)
    }

    @Test func aBreakerThatOpensMidRunEndsItWithoutAnotherAttempt() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 2, clock: clock)
        var calls = 0
        let error = await #expect(throws: TorCoreError.self) {
            try await pipeline.run(target: "authority", random: SplitMix64(seed: 1)) { _ in
                calls += 1
                throw TransientFailure()
            }
        }
        #expect(error?.code == .breakerOpen)
        #expect(calls == 2)
        #expect(clock.requestedSleeps.count == 2)
        let statistics = await pipeline.breakers.breaker(for: "authority").statistics()
        #expect(statistics.totalFailures == 2 && statistics.totalRejections == 1)
    }

    @Test func anAlreadyOpenTargetIsNotCalledAtAll() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 1, clock: clock)
        _ = try? await pipeline.breakers.breaker(for: "authority").run { () async throws -> Int in throw TransientFailure() }
        var calls = 0
        let error = await #expect(throws: TorCoreError.self) {
            try await pipeline.run(target: "authority", random: SplitMix64(seed: 1)) { _ in calls += 1 }
        }
        #expect(error?.code == .breakerOpen)
        #expect(calls == 0)
        #expect(clock.requestedSleeps.isEmpty)
    }

    @Test func everyAttemptCountsAgainstTheTargetsBreaker() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 10, attempts: 3, clock: clock)
        let error = try #require(await #expect(throws: TorCoreError.self) {
            try await pipeline.run(target: "authority", random: SplitMix64(seed: 1)) { attempt in
                throw TransientFailure(number: attempt)
            }
        })
        #expect(error.code == .retryExhausted)
        #expect(error.lastAttemptError as? TransientFailure == TransientFailure(number: 3))
        let statistics = await pipeline.breakers.breaker(for: "authority").statistics()
        #expect(statistics.totalFailures == 3 && statistics.consecutiveFailures == 3)
        #expect(statistics.state == .closed)
    }

    @Test func aRejectedTargetIsSkippedForAnotherWithoutUsingAnAttempt() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 1, clock: clock)
        _ = try? await pipeline.breakers.breaker(for: "A").run { () async throws -> Int in throw TransientFailure() }
        let candidates = ["A", "B", "C"]
        var contexts: [ResilienceAttempt<String>] = []
        var used: [(String, Int)] = []
        let result = try await pipeline.run(random: SplitMix64(seed: 4)) { context in
            contexts.append(context)
            return candidates.first { !context.hasTried($0) }
        } operation: { target, attempt in
            used.append((target, attempt))
            if target == "B" { throw TransientFailure() }
            return "via \(target)"
        }
        #expect(result == "via C")
        #expect(used.map(\.0) == ["B", "C"])
        #expect(used.map(\.1) == [1, 2])
        #expect(contexts.map(\.number) == [1, 1, 2])
        #expect(contexts.last?.rejectedTargets == ["A"])
        #expect(contexts.last?.failedTargets == ["B"])
        #expect(clock.requestedSleeps.count == 1)
        #expect(await pipeline.breakers.isOpen("B"))
        #expect(await pipeline.breakers.snapshot()["C"]?.totalSuccesses == 1)
    }

    @Test func aChooserThatAsksTheRegistryCausesNoRejections() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 1, clock: clock)
        _ = try? await pipeline.breakers.breaker(for: "A").run { () async throws -> Int in throw TransientFailure() }
        var offered: [String] = []
        let result = try await pipeline.run(random: SplitMix64(seed: 4)) { _ in
            for candidate in ["A", "B"] where await !pipeline.breakers.isOpen(candidate) {
                offered.append(candidate)
                return candidate
            }
            return nil
        } operation: { target, _ in target }
        #expect(result == "B")
        #expect(offered == ["B"])
        #expect(await pipeline.breakers.breaker(for: "A").statistics().totalRejections == 0)
    }

    @Test func runningOutOfTargetsEndsTheRunWithTheLastRejection() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 1, clock: clock)
        for key in ["A", "B"] {
            _ = try? await pipeline.breakers.breaker(for: key).run { () async throws -> Int in throw TransientFailure() }
        }
        var calls = 0
        let error = try #require(await #expect(throws: TorCoreError.self) {
            try await pipeline.run(random: SplitMix64(seed: 4)) { context in
                ["A", "B"].first { !context.hasTried($0) }
            } operation: { _, _ in calls += 1 }
        })
        #expect(error.code == .resilienceNoTarget)
        #expect((error.underlying as? TorCoreError)?.code == .breakerOpen)
        #expect(calls == 0)
        #expect(clock.requestedSleeps.isEmpty)
    }

    @Test func offeringARejectedTargetAgainEndsTheRunWithTheRejection() async throws {
        let clock = ManualClock(autoAdvance: true)
        let pipeline = Self.pipeline(threshold: 1, clock: clock)
        _ = try? await pipeline.breakers.breaker(for: "A").run { () async throws -> Int in throw TransientFailure() }
        var choices = 0
        let error = await #expect(throws: TorCoreError.self) {
            try await pipeline.run(random: SplitMix64(seed: 4)) { _ in
                choices += 1
                return "A"
            } operation: { _, _ in }
        }
        #expect(error?.code == .breakerOpen)
        #expect(choices == 2)
    }
}
