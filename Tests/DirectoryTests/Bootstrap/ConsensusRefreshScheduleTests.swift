import Testing
@testable import Directory

/// dir-spec 5.1's consensus download time, at the edges of its window.
@Suite("Consensus refresh schedule (dir-spec 5.1)")
struct ConsensusRefreshScheduleTests {
    static let hour: Int64 = 3_600

    @Test func specExampleFetchesBetween245And350() {
        // valid 1:00, fresh until 2:00, expires 4:00 -> between 2:45 and 3:50.
        let schedule = ConsensusRefreshSchedule(validAfter: 1 * Self.hour, freshUntil: 2 * Self.hour, validUntil: 4 * Self.hour)
        #expect(schedule.windowStart == 2 * Self.hour + 45 * 60)
        #expect(schedule.windowLength == 75 * 60 * 7 / 8)
        #expect(schedule.windowEnd == 3 * Self.hour + 50 * 60 + 36)
        var low = ZeroRandom()
        var high = MaxRandom()
        #expect(schedule.fetchTime(using: &low) == schedule.windowStart)
        #expect(schedule.fetchTime(using: &high) == schedule.windowEnd)
    }

    @Test func fetchTimesStayInsideTheWindowAndCoverIt() {
        let schedule = ConsensusRefreshSchedule(validAfter: 0, freshUntil: 60, validUntil: 600)
        var generator = SplitMixGenerator(seed: 42)
        let times = (0..<2_000).map { _ in schedule.fetchTime(using: &generator) }
        #expect(times.allSatisfy { (schedule.windowStart...schedule.windowEnd).contains($0) })
        #expect(times.min() == schedule.windowStart)
        #expect(times.max() == schedule.windowEnd)
    }

    @Test func testNetworkConsensusOfTheFixtureIsScheduled() throws {
        // The fixture: a 60 s interval, valid for 10 intervals (scripts/testnet).
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        let schedule = ConsensusRefreshSchedule(consensus)
        #expect(schedule.windowStart == Fixtures.freshUntil + 45)
        #expect(schedule.windowLength == (Fixtures.validUntil - Fixtures.freshUntil - 45) * 7 / 8)
        #expect(schedule.windowEnd < Fixtures.validUntil)
    }

    @Test func aWindowNeverShrinksBelowOneSecond() {
        let schedule = ConsensusRefreshSchedule(validAfter: 100, freshUntil: 101, validUntil: 101)
        #expect(schedule.windowLength == 1)
        var generator = MaxRandom()
        #expect(schedule.fetchTime(using: &generator) == schedule.windowStart)
    }

    @Test func withoutAConsensusFetchAtOnce() {
        var generator = MaxRandom()
        #expect(ConsensusRefreshSchedule.nextFetch(after: nil, now: 1_000, using: &generator) == 1_000)
    }

    @Test func liveConsensusSchedulesInTheWindow() throws {
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        var low = ZeroRandom()
        #expect(ConsensusRefreshSchedule.nextFetch(after: consensus, now: Fixtures.validAfter, using: &low)
            == Fixtures.freshUntil + 45)
    }

    @Test func lastLiveSecondStillSchedulesButNeverInThePast() throws {
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        var low = ZeroRandom()
        let now = Fixtures.validUntil - 1
        #expect(ConsensusRefreshSchedule.nextFetch(after: consensus, now: now, using: &low) == now)
    }

    @Test func expiredOrNotYetValidConsensusFetchesAtOnce() throws {
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        var high = MaxRandom()
        #expect(ConsensusRefreshSchedule.nextFetch(after: consensus, now: Fixtures.validUntil, using: &high)
            == Fixtures.validUntil)
        #expect(ConsensusRefreshSchedule.nextFetch(after: consensus, now: Fixtures.validAfter - 1, using: &high)
            == Fixtures.validAfter - 1)
    }
}
