/// A point in time on a ``ResilienceClock``: the monotonic time elapsed since the clock's origin.
///
/// Instants are only comparable with instants from the same clock (all
/// ``SystemResilienceClock`` values share one process-wide origin). They never follow the wall
/// clock, so a changed system time cannot open or close a breaker early.
public struct ResilienceInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Time elapsed since the clock's origin.
    public let offset: Duration

    /// Creates the instant `offset` after the clock's origin.
    public init(offset: Duration) { self.offset = offset }

    /// The clock's origin itself.
    public static let origin = ResilienceInstant(offset: .zero)

    /// The instant `duration` later than this one (earlier for a negative duration).
    public func advanced(by duration: Duration) -> ResilienceInstant {
        ResilienceInstant(offset: offset + duration)
    }

    /// The time from `earlier` to this instant; negative when `earlier` is in fact later.
    public func duration(since earlier: ResilienceInstant) -> Duration {
        offset - earlier.offset
    }

    public static func < (lhs: ResilienceInstant, rhs: ResilienceInstant) -> Bool {
        lhs.offset < rhs.offset
    }

    /// The offset from the origin, such as `+12.5 s`.
    public var description: String { "+\(offset.resilienceText)" }
}

/// The source of time for retries and circuit breakers.
///
/// Production code uses ``SystemResilienceClock``; tests inject a manual clock whose sleepers
/// resume only when the test advances time, so no test waits for real time to pass.
public protocol ResilienceClock: Sendable {
    /// The current instant. Never goes backwards.
    func now() -> ResilienceInstant

    /// Suspends the caller for `duration`.
    ///
    /// Throws `CancellationError` as soon as the calling task is cancelled, including while it
    /// is suspended, so a cancelled retry stops at once instead of finishing its wait.
    func sleep(for duration: Duration) async throws
}

/// The production clock: Swift's monotonic `ContinuousClock`, which keeps counting while the
/// machine sleeps (a relay that failed before a suspend has had its cooldown afterwards).
public struct SystemResilienceClock: ResilienceClock {
    /// One origin for the whole process, so instants from different values compare.
    private static let processOrigin = ContinuousClock.now

    /// Creates a clock; every value reads the same process-wide time.
    public init() {}

    public func now() -> ResilienceInstant {
        // The origin is set lazily on first use: read it before the current time, or the very
        // first reading would come out negative.
        let origin = Self.processOrigin
        return ResilienceInstant(offset: ContinuousClock.now - origin)
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        try await Task.sleep(for: duration, clock: .continuous)
    }
}
