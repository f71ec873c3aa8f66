/// Saturating conversions between `Duration` and whole nanoseconds, so that delay arithmetic
/// on huge attempt numbers or absurd configured values clamps instead of trapping.
extension Duration {
    /// This duration in whole nanoseconds, clamped to `0...Int64.max` (delays are never
    /// negative, and 2^63 ns is about 292 years).
    var saturatingNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : total
    }

    /// Three times this duration, clamped at `Int64.max` nanoseconds.
    var saturatingTriple: Duration {
        let (tripled, overflow) = saturatingNanoseconds.multipliedReportingOverflow(by: 3)
        return .nanoseconds(overflow ? .max : tripled)
    }

    /// A short human form for logs and error reasons, such as `250 ms` or `12.5 s`.
    var resilienceText: String {
        let nanoseconds = saturatingNanoseconds
        if nanoseconds < 1_000_000 { return "\(nanoseconds / 1_000) µs" }
        if nanoseconds < 1_000_000_000 { return "\(nanoseconds / 1_000_000) ms" }
        let tenths = nanoseconds / 100_000_000
        let text = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        return "\(text) s"
    }
}
