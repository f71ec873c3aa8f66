/// Picks an index at random with probability proportional to its weight, in integers only.
///
/// Floating-point sums lose the low bits of large weights and bias the choice once totals pass
/// 2^53; here the draw is `next(upperBound:)` over the exact total, which the standard library
/// makes uniform (it rejects the values that would bias a modulo).
enum WeightedChoice {
    /// An index of `weights` chosen with probability `weights[i] / sum`; when every weight is
    /// zero, uniformly among all indices (so zero-bandwidth relays are used only when nothing
    /// else is available). Nil when `weights` is empty.
    static func index(of weights: [UInt64], using generator: inout some RandomNumberGenerator) -> Int? {
        guard !weights.isEmpty else { return nil }
        let scaled = fittingSum(weights)
        var total: UInt64 = 0
        for weight in scaled { total += weight }
        guard total > 0 else { return Int(generator.next(upperBound: UInt64(weights.count))) }
        var point = generator.next(upperBound: total)
        for (index, weight) in scaled.enumerated() {
            if point < weight { return index }
            point -= weight
        }
        // Unreachable: point < total, the sum of the weights.
        return scaled.lastIndex { $0 > 0 }
    }

    /// `weights` unchanged when their sum fits in 64 bits; otherwise each shifted right by the
    /// same amount until every weight is at most UInt64.max / count (so the sum fits), keeping a
    /// nonzero weight at least 1. Only absurd consensus values (close to 2^32 bandwidth at full
    /// weight on many relays) reach the shift, and it keeps every ratio to within one part in
    /// UInt64.max / count.
    static func fittingSum(_ weights: [UInt64]) -> [UInt64] {
        var total: UInt64 = 0
        var overflows = false
        for weight in weights {
            let (sum, overflow) = total.addingReportingOverflow(weight)
            if overflow { overflows = true; break }
            total = sum
        }
        guard overflows else { return weights }
        let limit = UInt64.max / UInt64(weights.count)
        let largest = weights.max() ?? 0
        var shift: UInt64 = 0
        while largest >> shift > limit { shift += 1 }
        return weights.map { $0 == 0 ? 0 : max($0 >> shift, 1) }
    }
}
