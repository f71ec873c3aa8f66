/// When a guard marked unreachable is worth trying again (guard-spec 4.5 and A.1
/// {PRIMARY_GUARDS_RETRY_SCHED}, {GUARDS_RETRY_SCHED}): the longer it has been failing, the
/// longer the wait, and primary guards are retried more eagerly than the rest.
public enum GuardRetrySchedule {
    /// One step of a schedule: retry every `interval` while the guard has been failing for
    /// less than `until` (nil: from then on).
    struct Step {
        let until: Int64?
        let interval: Int64
    }

    private static let minute: Int64 = 60
    private static let hour: Int64 = 3_600

    /// Every 10 minutes for the first 6 hours, every 90 minutes for the next 90 hours, every
    /// 4 hours for the next 3 days, every 9 hours after that.
    static let primary = [
        Step(until: 6 * hour, interval: 10 * minute),
        Step(until: 96 * hour, interval: 90 * minute),
        Step(until: 168 * hour, interval: 4 * hour),
        Step(until: nil, interval: 9 * hour),
    ]

    /// Every hour for the first 6 hours, every 4 hours for the next 90 hours, every 18 hours
    /// for the next 3 days, every 36 hours after that.
    static let nonprimary = [
        Step(until: 6 * hour, interval: hour),
        Step(until: 96 * hour, interval: 4 * hour),
        Step(until: 168 * hour, interval: 18 * hour),
        Step(until: nil, interval: 36 * hour),
    ]

    /// Seconds to wait after the last attempt on a guard that has been failing for
    /// `failingFor` seconds.
    public static func retryInterval(failingFor: Int64, isPrimary: Bool) -> Int64 {
        let schedule = isPrimary ? primary : nonprimary
        let step = schedule.first { $0.until.map { failingFor < $0 } ?? true } ?? schedule[schedule.count - 1]
        return step.interval
    }

    /// True when a guard failing since `failingSince`, last tried at `lastTried`, should be
    /// marked "maybe" reachable again at `now`.
    public static func isDue(now: Int64, failingSince: Int64, lastTried: Int64, isPrimary: Bool) -> Bool {
        now - lastTried >= retryInterval(failingFor: max(0, now - failingSince), isPrimary: isPrimary)
    }
}
