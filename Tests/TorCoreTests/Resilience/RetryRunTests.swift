import Testing
@testable import TorCore

@Suite struct RetryRunTests {
    @Test func succeedsOnTheThirdAttemptAfterSleepingTheReportedDelays() async throws {
        let clock = ManualClock(autoAdvance: true)
        var attempts: [Int] = []
        var reported: [(attempt: Int, delay: Duration)] = []
        let result = try await RetryPolicy.default.run(
            clock: clock, random: SplitMix64(seed: 5),
            onRetry: { attempt, error, delay in
                #expect(error as? TransientFailure == TransientFailure(number: attempt))
                reported.append((attempt, delay))
            }
        ) { attempt in
            attempts.append(attempt)
            if attempt < 3 { throw TransientFailure(number: attempt) }
            return "fetched"
        }
        #expect(result == "fetched")
        #expect(attempts == [1, 2, 3])
        #expect(reported.map(\.attempt) == [1, 2])
        #expect(clock.requestedSleeps == reported.map(\.delay))
        // The same seed gives the same schedule through the pure function.
        var random = SplitMix64(seed: 5)
        let first = RetryPolicy.default.delay(forAttempt: 1, previous: nil, using: &random)
        let second = RetryPolicy.default.delay(forAttempt: 2, previous: first, using: &random)
        #expect(clock.requestedSleeps == [first, second])
    }

    @Test func aNonRetryableErrorIsRethrownAtOnce() async {
        let clock = ManualClock(autoAdvance: true)
        var calls = 0
        await #expect(throws: TorCoreError.self) {
            try await RetryPolicy.default.run(clock: clock, random: SplitMix64(seed: 1)) { _ in
                calls += 1
                throw badInputFailure
            }
        }
        #expect(calls == 1)
        #expect(clock.requestedSleeps.isEmpty)
    }

    @Test func theCallersClassifierDecidesWhatIsRetried() async {
        var calls = 0
        await #expect(throws: TransientFailure.self) {
            try await RetryPolicy.default.run(
                clock: ManualClock(autoAdvance: true), random: SplitMix64(seed: 1),
                isRetryable: { _ in false }
            ) { _ in
                calls += 1
                throw TransientFailure()
            }
        }
        #expect(calls == 1)
    }

    @Test func aBreakerRejectionIsNeverRetriedEvenIfTheClassifierSaysSo() async {
        var calls = 0
        let error = await #expect(throws: TorCoreError.self) {
            try await RetryPolicy.default.run(
                clock: ManualClock(autoAdvance: true), random: SplitMix64(seed: 1),
                isRetryable: { _ in true }
            ) { _ in
                calls += 1
                throw TorCoreError(.breakerOpen, kind: .resource, "open")
            }
        }
        #expect(error?.code == .breakerOpen)
        #expect(calls == 1)
    }

    @Test func exhaustionCarriesTheLastErrorAndTheAttemptCount() async throws {
        let clock = ManualClock(autoAdvance: true)
        var calls = 0
        let error = try #require(
            await #expect(throws: TorCoreError.self) {
                try await RetryPolicy.default.run(clock: clock, random: SplitMix64(seed: 9)) { attempt in
                    calls += 1
                    throw TransientFailure(number: attempt)
                }
            })
        #expect(error.code == .retryExhausted)
        #expect(error.kind == .resource)
        #expect(error.retryExhaustion?.attempts == 4)
        #expect(error.lastAttemptError as? TransientFailure == TransientFailure(number: 4))
        #expect(error.reason.contains("transient failure 4"))
        #expect(calls == 4)
        #expect(clock.requestedSleeps.count == 3)
        #expect(clock.requestedSleeps.allSatisfy { $0 <= RetryPolicy.default.maxDelay })
    }

    @Test func cancellationDuringTheSleepStopsAtOnce() async {
        let clock = ManualClock()
        let calls = Counter()
        let task = Task {
            try await RetryPolicy.default.run(clock: clock, random: SplitMix64(seed: 2)) { _ in
                calls.increment()
                throw TransientFailure()
            }
        }
        #expect(await clock.waitForSleepers())
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(calls.value == 1)
        #expect(clock.now() == .origin)
    }

    @Test func cancellationBeforeTheFirstAttemptRunsNothing() async {
        let calls = Counter()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            _ = try await RetryPolicy.default.run(clock: ManualClock(), random: SplitMix64(seed: 2)) { _ in
                calls.increment()
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(calls.value == 0)
    }

    @Test func theOperationsOwnCancellationIsNotRetried() async {
        var calls = 0
        await #expect(throws: CancellationError.self) {
            try await RetryPolicy.default.run(clock: ManualClock(autoAdvance: true), random: SplitMix64(seed: 2)) { _ in
                calls += 1
                throw CancellationError()
            }
        }
        #expect(calls == 1)
    }

    @Test func theDefaultClassifierSeparatesKinds() {
        #expect(ResilienceErrors.isRetryable(TransientFailure()))
        #expect(ResilienceErrors.isRetryable(TorCoreError("t", kind: .resource, "timeout")))
        #expect(ResilienceErrors.isRetryable(TorCoreError("t", kind: .protocolViolation, "bad cell")))
        #expect(!ResilienceErrors.isRetryable(TorCoreError("t", kind: .internalFailure, "bug")))
        #expect(!ResilienceErrors.isRetryable(badInputFailure))
        #expect(!ResilienceErrors.isRetryable(CancellationError()))
        #expect(!ResilienceErrors.isRetryable(TorCoreError(.breakerOpen, kind: .resource, "open")))
        #expect(ResilienceErrors.countsAsBreakerFailure(badInputFailure))
        #expect(!ResilienceErrors.countsAsBreakerFailure(CancellationError()))
    }
}
