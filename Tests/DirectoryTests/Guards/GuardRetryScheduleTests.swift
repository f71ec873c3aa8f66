import Testing
@testable import Directory

@Suite("Guard retry schedule (guard-spec 4.5, A.1)")
struct GuardRetryScheduleTests {
    static let schedule: [(failingFor: Int64, isPrimary: Bool, interval: Int64)] = [
        (0, true, 600), (6 * 3600 - 1, true, 600), (6 * 3600, true, 5400), (96 * 3600 - 1, true, 5400),
        (96 * 3600, true, 4 * 3600), (168 * 3600 - 1, true, 4 * 3600), (168 * 3600, true, 9 * 3600), (1_000 * 3600, true, 9 * 3600),
        (0, false, 3600), (6 * 3600, false, 4 * 3600), (96 * 3600, false, 18 * 3600), (168 * 3600, false, 36 * 3600),
    ]

    @Test(arguments: schedule)
    func intervals(failingFor: Int64, isPrimary: Bool, interval: Int64) {
        #expect(GuardRetrySchedule.retryInterval(failingFor: failingFor, isPrimary: isPrimary) == interval)
    }

    @Test func dueCountsFromTheLastAttempt() {
        #expect(!GuardRetrySchedule.isDue(now: 1_000 + 599, failingSince: 0, lastTried: 1_000, isPrimary: true))
        #expect(GuardRetrySchedule.isDue(now: 1_000 + 600, failingSince: 0, lastTried: 1_000, isPrimary: true))
    }
}
