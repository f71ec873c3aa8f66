/// How a retry delay is randomised, so that many clients that failed together do not all retry
/// at the same instant.
///
/// For an exponential delay `d` (see ``RetryPolicy/delay(forAttempt:previous:using:)``):
/// - ``none``: exactly `d`.
/// - ``full``: uniform in `0...d`.
/// - ``equal``: `d/2` plus uniform in `0...d/2`, so in `d/2...d`.
/// - ``decorrelated``: ignores `d` and the multiplier; uniform in `base...max(base, 3 * previous)`,
///   then capped. This is the schedule tor uses for directory downloads (dir-spec §5.5,
///   "Retrying failed downloads"; a variant of the "decorrelated jitter" of AWS's
///   "Exponential Backoff And Jitter"): each delay grows from the last one rather than from the
///   attempt number.
public enum JitterStrategy: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case none
    case full
    case equal
    case decorrelated

    /// The smallest lower bound of the decorrelated schedule. dir-spec §5.5 takes
    /// `lower_bound = MAX(1, base_delay)` and `upper_bound = MAX(lower_bound + 1, 3 * Delay_i)`
    /// in its unit; without such a floor a zero base would never back off.
    public static let decorrelatedFloor: Duration = .milliseconds(1)

    /// The strategy's name, as written in the presets' descriptions.
    public var description: String { rawValue }

    /// Applies the strategy to `exponential` (already capped at `cap`).
    ///
    /// - Parameters:
    ///   - exponential: `min(cap, base * multiplier^(attempt-1))`.
    ///   - base: the policy's base delay (decorrelated only).
    ///   - cap: the policy's maximum delay; the result never exceeds it.
    ///   - previous: the last delay returned in this run, or `nil` before the first retry.
    func apply(
        to exponential: Duration, base: Duration, cap: Duration, previous: Duration?,
        using random: inout some RandomNumberGenerator
    ) -> Duration {
        let capNanoseconds = UInt64(cap.saturatingNanoseconds)
        let delayNanoseconds = UInt64(exponential.saturatingNanoseconds)
        let result: UInt64
        switch self {
        case .none:
            result = delayNanoseconds
        case .full:
            result = UInt64.random(in: 0...delayNanoseconds, using: &random)
        case .equal:
            let half = delayNanoseconds / 2
            result = half + UInt64.random(in: 0...(delayNanoseconds - half), using: &random)
        case .decorrelated:
            let floor = UInt64(Self.decorrelatedFloor.saturatingNanoseconds)
            let lower = max(UInt64(base.saturatingNanoseconds), floor)
            let tripled = UInt64((previous ?? base).saturatingTriple.saturatingNanoseconds)
            let (raised, overflow) = lower.addingReportingOverflow(floor)
            let upper = max(overflow ? lower : raised, tripled)
            result = UInt64.random(in: lower...upper, using: &random)
        }
        return .nanoseconds(Int64(min(result, capNanoseconds)))
    }
}
