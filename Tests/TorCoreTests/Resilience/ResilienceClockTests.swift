import Testing
@testable import TorCore

@Suite struct ResilienceClockTests {
    @Test func splitMix64MatchesTheReferenceOutputForSeedZero() {
        // First outputs of the reference splitmix64.c seeded with 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func manualClockSleeperWakesOnlyWhenItsDeadlineIsReached() async throws {
        let clock = ManualClock()
        let woke = Counter()
        let sleeper = Task {
            try await clock.sleep(for: .seconds(5))
            woke.increment()
        }
        #expect(await clock.waitForSleepers())
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1)
        #expect(woke.value == 0)
        clock.advance(by: .seconds(1))
        try await sleeper.value
        #expect(woke.value == 1)
        #expect(clock.now() == .at(seconds: 5))
    }

    @Test func manualClockSleeperThrowsOnCancellation() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(5)) }
        #expect(await clock.waitForSleepers())
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        #expect(clock.now() == .origin)
    }

    @Test func systemClockNeverGoesBackwardsAndSharesOneOrigin() {
        let first = SystemResilienceClock().now()
        let second = SystemResilienceClock().now()
        #expect(first <= second)
        #expect(first >= .origin)
    }

    @Test func systemClockSleepThrowsWhenAlreadyCancelled() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await SystemResilienceClock().sleep(for: .seconds(30))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func instantArithmeticAndText() {
        let instant = ResilienceInstant.at(seconds: 10).advanced(by: .milliseconds(500))
        #expect(instant.duration(since: .at(seconds: 4)) == .milliseconds(6500))
        #expect(instant.description == "+10.5 s")
        #expect(Duration.milliseconds(250).resilienceText == "250 ms")
        #expect(Duration.seconds(30).resilienceText == "30 s")
        #expect(Duration.seconds(Int64.max).saturatingNanoseconds == Int64.max)
        #expect(Duration.seconds(-3).saturatingNanoseconds == 0)
    }
}
