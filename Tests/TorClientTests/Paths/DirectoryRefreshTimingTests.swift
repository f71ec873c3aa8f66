import Testing
import TorClient
import TorCore

/// The directory service's sleeps: until the scheduled fetch but bounded, and backing off
/// after misses.
@Suite struct DirectoryRefreshTimingTests {
    @Test func sleepsUntilTheFetchTimeButNoLongerThanTheMaximum() {
        #expect(DirectoryRefreshTiming.sleepUntilFetch(nextFetch: nil, now: 1000) == .zero)
        #expect(DirectoryRefreshTiming.sleepUntilFetch(nextFetch: 1000, now: 1000) == .zero)
        #expect(DirectoryRefreshTiming.sleepUntilFetch(nextFetch: 900, now: 1000) == .zero)
        #expect(DirectoryRefreshTiming.sleepUntilFetch(nextFetch: 1030, now: 1000) == .seconds(30))
        #expect(DirectoryRefreshTiming.sleepUntilFetch(nextFetch: 1000 + 86_400, now: 1000) == DirectoryRefreshTiming.maximumSleep)
    }

    @Test func missesBackOffWithinTheFloorAndTheCap() {
        let retry = RetryPolicy(maxAttempts: .max, baseDelay: .seconds(5), maxDelay: .seconds(600))
        var random = SeededRandom(seed: 9)
        var previous: Duration?
        var longest = Duration.zero
        for misses in 1...40 {
            let wait = DirectoryRefreshTiming.sleepAfterMiss(misses: misses, previous: previous, retry: retry, using: &random)
            #expect(wait >= DirectoryRefreshTiming.minimumRetrySleep)
            #expect(wait <= .seconds(600))
            longest = max(longest, wait)
            previous = wait
        }
        #expect(longest > .seconds(60), "repeated misses must back off well beyond the base delay")
    }

    @Test func aZeroDelayPolicyStillWaitsTheFloor() {
        let retry = RetryPolicy(maxAttempts: .max, baseDelay: .zero, maxDelay: .zero)
        var random = SeededRandom(seed: 10)
        #expect(DirectoryRefreshTiming.sleepAfterMiss(misses: 1, previous: nil, retry: retry, using: &random)
            == DirectoryRefreshTiming.minimumRetrySleep)
    }
}
