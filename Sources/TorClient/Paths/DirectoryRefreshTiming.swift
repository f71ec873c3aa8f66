import TorCore

/// How long the directory service sleeps between looks at its schedule: pure, so the loop's
/// timing is tested without a network or a wall clock.
///
/// After a consensus that is current (fetched or loaded), the service sleeps until the fetch
/// time dir-spec 5.1 drew, but never longer than ``maximumSleep``, so a wall clock that jumps
/// (a suspended laptop) is noticed within that time. After a failure, or a refresh that
/// brought nothing newer than what is held, it waits the retry policy's delay for that many
/// consecutive misses (dir-spec 5.5), so a directory that is down or behind is not hammered.
public enum DirectoryRefreshTiming {
    /// The longest single sleep: the schedule is looked at again at least this often.
    public static let maximumSleep: Duration = .seconds(60)

    /// The sleep until `nextFetch` (Unix seconds) from `now`: zero when it has come or is
    /// unknown, at most ``maximumSleep``.
    public static func sleepUntilFetch(nextFetch: Int64?, now: Int64) -> Duration {
        guard let nextFetch, nextFetch > now else { return .zero }
        return .seconds(min(nextFetch - now, maximumSleep.components.seconds))
    }

    /// The wait after `misses` consecutive failed or stale refreshes (1 for the first), with
    /// `previous` the wait returned for the miss before; never longer than the policy's cap,
    /// and at least one second so a failing loop cannot spin.
    public static func sleepAfterMiss(
        misses: Int, previous: Duration?, retry: RetryPolicy, using random: inout some RandomNumberGenerator
    ) -> Duration {
        max(retry.delay(forAttempt: misses, previous: previous, using: &random), minimumRetrySleep)
    }

    /// The floor of ``sleepAfterMiss(misses:previous:retry:using:)``.
    public static let minimumRetrySleep: Duration = .seconds(1)
}

/// Holds a random generator of any concrete type, so an actor can keep the one it was given
/// and pass it `inout` to generic code.
struct AnyRandomGenerator: RandomNumberGenerator, Sendable {
    private var base: any RandomNumberGenerator & Sendable

    init(_ base: any RandomNumberGenerator & Sendable) { self.base = base }

    mutating func next() -> UInt64 { base.next() }
}
