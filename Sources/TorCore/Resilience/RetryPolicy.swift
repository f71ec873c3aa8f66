/// How often and how patiently an operation is retried: a Sendable value that directory fetches
/// and circuit extension share between actors.
///
/// Invariants (the initialiser clamps values that would break them): `maxAttempts >= 1`,
/// `0 <= baseDelay <= maxDelay`, `multiplier >= 1`. No delay it produces exceeds `maxDelay`.
///
/// The schedule follows dir-spec §5.5 ("Retrying failed downloads"): randomised exponential
/// backoff, by default with the decorrelated jitter tor itself uses.
public struct RetryPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Total number of attempts, the first one included.
    public let maxAttempts: Int
    /// The delay after the first failure, before jitter.
    public let baseDelay: Duration
    /// The cap: no delay is ever longer.
    public let maxDelay: Duration
    /// Growth of the delay per attempt (ignored by ``JitterStrategy/decorrelated``, which grows
    /// from the previous delay instead).
    public let multiplier: Double
    /// How the delay is randomised.
    public let jitter: JitterStrategy

    /// Creates a policy, clamping out-of-range values: `maxAttempts` to at least 1, negative
    /// delays to zero, `baseDelay` down to `maxDelay`, and a multiplier below 1 (or NaN) to 1.
    public init(
        maxAttempts: Int, baseDelay: Duration, maxDelay: Duration,
        multiplier: Double = 2, jitter: JitterStrategy = .decorrelated
    ) {
        let cap = max(maxDelay, .zero)
        self.maxAttempts = max(maxAttempts, 1)
        self.maxDelay = cap
        self.baseDelay = min(max(baseDelay, .zero), cap)
        self.multiplier = multiplier >= 1 && multiplier.isFinite ? multiplier : 1
        self.jitter = jitter
    }

    /// 4 attempts, 250 ms base, 10 s cap, multiplier 2, decorrelated jitter: the general choice
    /// for a directory fetch or a circuit extension.
    public static let `default` = RetryPolicy(
        maxAttempts: 4, baseDelay: .milliseconds(250), maxDelay: .seconds(10),
        multiplier: 2, jitter: .decorrelated)

    /// 8 attempts, 100 ms base, 2 s cap, multiplier 1.5, decorrelated jitter: for work a user
    /// is waiting on right now, where another relay is usually a quick fix.
    public static let aggressive = RetryPolicy(
        maxAttempts: 8, baseDelay: .milliseconds(100), maxDelay: .seconds(2),
        multiplier: 1.5, jitter: .decorrelated)

    /// 3 attempts, 1 s base, 60 s cap, multiplier 3, decorrelated jitter: for background work
    /// that should not add load to a network that is already failing.
    public static let conservative = RetryPolicy(
        maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(60),
        multiplier: 3, jitter: .decorrelated)

    /// The exact numbers, e.g.
    /// `RetryPolicy(maxAttempts: 4, baseDelay: 250 ms, maxDelay: 10 s, multiplier: 2.0, jitter: decorrelated)`.
    public var description: String {
        "RetryPolicy(maxAttempts: \(maxAttempts), baseDelay: \(baseDelay.resilienceText), "
            + "maxDelay: \(maxDelay.resilienceText), multiplier: \(multiplier), jitter: \(jitter))"
    }

    /// The wait after attempt number `attempt` (1-based) failed, before the next attempt.
    ///
    /// A pure function of its arguments and the generator's output, so schedules are testable
    /// with a seeded generator. The result is always in `0...maxDelay`, for any attempt number.
    ///
    /// - Parameters:
    ///   - attempt: the attempt that just failed; values below 1 count as 1.
    ///   - previous: the delay returned for the previous failure of this run, or `nil` after the
    ///     first failure (only ``JitterStrategy/decorrelated`` uses it).
    public func delay(
        forAttempt attempt: Int, previous: Duration?,
        using random: inout some RandomNumberGenerator
    ) -> Duration {
        jitter.apply(
            to: exponentialDelay(forAttempt: attempt), base: baseDelay, cap: maxDelay,
            previous: previous, using: &random)
    }

    /// `min(maxDelay, baseDelay * multiplier^(attempt-1))`, saturating instead of overflowing.
    func exponentialDelay(forAttempt attempt: Int) -> Duration {
        let factor = Self.power(multiplier, max(attempt, 1) - 1)
        let capNanoseconds = maxDelay.saturatingNanoseconds
        let scaled = Double(baseDelay.saturatingNanoseconds) * factor
        // Also false for NaN and infinity, which then take the cap.
        guard scaled < Double(capNanoseconds) else { return maxDelay }
        return .nanoseconds(Int64(scaled))
    }

    /// `base^exponent` by repeated squaring: O(log exponent) steps even for huge attempt
    /// numbers, and it saturates to infinity rather than trapping.
    static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            remaining >>= 1
            if remaining > 0 { factor *= factor }
            if result.isInfinite { return result }
        }
        return result
    }
}
