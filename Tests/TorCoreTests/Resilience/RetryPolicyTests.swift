import Testing
@testable import TorCore

@Suite struct RetryPolicyTests {
    static let seeds: [UInt64] = [0, 1, 42, 0xDEAD_BEEF, .max]

    static func policy(_ jitter: JitterStrategy) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: 30, baseDelay: .milliseconds(100), maxDelay: .seconds(10),
            multiplier: 2, jitter: jitter)
    }

    @Test func noJitterIsTheCappedExponentialSchedule() {
        let policy = Self.policy(.none)
        var random = SplitMix64(seed: 7)
        let delays = (1...9).map { policy.delay(forAttempt: $0, previous: nil, using: &random) }
        #expect(delays == [100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000].map { .milliseconds($0) })
    }

    @Test(arguments: seeds) func fullJitterStaysWithinZeroAndTheExponentialDelay(seed: UInt64) {
        let policy = Self.policy(.full)
        var random = SplitMix64(seed: seed)
        for attempt in 1...12 {
            let ceiling = policy.exponentialDelay(forAttempt: attempt)
            let samples = (0..<200).map { _ in policy.delay(forAttempt: attempt, previous: nil, using: &random) }
            #expect(samples.allSatisfy { $0 >= .zero && $0 <= ceiling })
            // Spread over the whole range, not stuck at one end.
            #expect(samples.min()! < ceiling / 4)
            #expect(samples.max()! > ceiling * 3 / 4)
        }
    }

    @Test(arguments: seeds) func equalJitterStaysWithinHalfAndTheWholeDelay(seed: UInt64) {
        let policy = Self.policy(.equal)
        var random = SplitMix64(seed: seed)
        for attempt in 1...12 {
            let ceiling = policy.exponentialDelay(forAttempt: attempt)
            let samples = (0..<200).map { _ in policy.delay(forAttempt: attempt, previous: nil, using: &random) }
            #expect(samples.allSatisfy { $0 >= ceiling / 2 && $0 <= ceiling })
            #expect(samples.min()! < ceiling * 5 / 8)
            #expect(samples.max()! > ceiling * 7 / 8)
        }
    }

    @Test(arguments: seeds) func decorrelatedJitterStaysBetweenBaseAndThreeTimesThePrevious(seed: UInt64) {
        let policy = Self.policy(.decorrelated)
        var random = SplitMix64(seed: seed)
        var reachedCap = false
        for _ in 0..<50 {
            var previous: Duration? = nil
            for attempt in 1...20 {
                let delay = policy.delay(forAttempt: attempt, previous: previous, using: &random)
                let ceiling = min(policy.maxDelay, (previous ?? policy.baseDelay) * 3)
                #expect(delay >= policy.baseDelay && delay <= ceiling)
                reachedCap = reachedCap || delay == policy.maxDelay
                previous = delay
            }
        }
        #expect(reachedCap)
    }

    @Test func decorrelatedJitterWithAZeroBaseStillBacksOff() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .zero, maxDelay: .seconds(10), jitter: .decorrelated)
        var random = SplitMix64(seed: 3)
        var previous: Duration? = nil
        for attempt in 1...40 {
            previous = policy.delay(forAttempt: attempt, previous: previous, using: &random)
            #expect(previous! >= JitterStrategy.decorrelatedFloor)
        }
        #expect(previous! > .seconds(1))
    }

    @Test(arguments: JitterStrategy.allCases) func noDelayExceedsTheCapEvenForHugeInputs(jitter: JitterStrategy) {
        let policy = RetryPolicy(
            maxAttempts: .max, baseDelay: .seconds(1), maxDelay: .seconds(30), multiplier: 1e300,
            jitter: jitter)
        var random = SplitMix64(seed: 11)
        for attempt in [1, 2, 63, 64, 1_000, 1 << 40, .max] {
            for previous in [nil, Duration.seconds(29), .seconds(Int64.max)] {
                let delay = policy.delay(forAttempt: attempt, previous: previous, using: &random)
                #expect(delay >= .zero && delay <= .seconds(30))
            }
        }
    }

    @Test func theInitialiserClampsValuesOutsideTheInvariants() {
        let policy = RetryPolicy(
            maxAttempts: 0, baseDelay: .seconds(90), maxDelay: .seconds(60), multiplier: .nan)
        #expect(policy.maxAttempts == 1)
        #expect(policy.baseDelay == .seconds(60))
        #expect(policy.multiplier == 1)
        let negative = RetryPolicy(maxAttempts: -5, baseDelay: .seconds(-1), maxDelay: .seconds(-2), multiplier: 0.5)
        #expect(negative.baseDelay == .zero && negative.maxDelay == .zero && negative.multiplier == 1)
    }

    @Test func presetsHaveTheirDocumentedNumbers() {
        #expect(RetryPolicy.default.description
            == "RetryPolicy(maxAttempts: 4, baseDelay: 250 ms, maxDelay: 10 s, multiplier: 2.0, jitter: decorrelated)")
        #expect(RetryPolicy.aggressive.description
            == "RetryPolicy(maxAttempts: 8, baseDelay: 100 ms, maxDelay: 2 s, multiplier: 1.5, jitter: decorrelated)")
        #expect(RetryPolicy.conservative.description
            == "RetryPolicy(maxAttempts: 3, baseDelay: 1 s, maxDelay: 60 s, multiplier: 3.0, jitter: decorrelated)")
        #expect(RetryPolicy.default.maxAttempts == 4)
        #expect(RetryPolicy.default.baseDelay == .milliseconds(250))
        #expect(RetryPolicy.default.maxDelay == .seconds(10))
        #expect(RetryPolicy.aggressive.maxAttempts > RetryPolicy.default.maxAttempts)
        #expect(RetryPolicy.aggressive.maxDelay < RetryPolicy.default.maxDelay)
        #expect(RetryPolicy.conservative.maxAttempts < RetryPolicy.default.maxAttempts)
        #expect(RetryPolicy.conservative.baseDelay > RetryPolicy.default.baseDelay)
    }

    @Test func powerSaturatesInsteadOfTrapping() {
        #expect(RetryPolicy.power(2, 10) == 1024)
        #expect(RetryPolicy.power(1.5, 0) == 1)
        #expect(RetryPolicy.power(2, .max).isInfinite)
        #expect(RetryPolicy.power(1, .max) == 1)
    }
}
