import Testing
import TorCore
@testable import Directory

/// The spec's selection probabilities, written out in the test from dir-spec 3.4.1's weight
/// names (not through ``BandwidthWeights/weight(bandwidth:flags:position:)``), and Pearson's
/// chi-square test of observed counts against them.
enum PathStatistics {
    /// bandwidth x W(position, class) x W(class, "b") / scale^2 as a Double, from the raw
    /// "bandwidth-weights" numbers; a missing weight is the scale.
    static func weight(_ relay: Relay, _ position: PathPosition, raw weights: [String: Int32], scale: Double = 10_000) -> Double {
        let isGuard = relay.flags.contains(.guardFlag)
        let isExit = relay.flags.contains(.exit) && !relay.flags.contains(.badExit)
        let classLetter = isGuard ? (isExit ? "d" : "g") : (isExit ? "e" : "m")
        let positionLetter: String
        switch position {
        case .entry: positionLetter = "g"
        case .middle: positionLetter = "m"
        case .exit: positionLetter = "e"
        case .directory: positionLetter = "b"
        }
        if position == .entry && classLetter == "e" { return 0 }
        func value(_ name: String) -> Double { Double(weights[name] ?? Int32(scale)) / scale }
        var result = Double(relay.bandwidth ?? 0) * value("W" + positionLetter + classLetter)
        if position != .directory && relay.flags.contains(.v2Dir) { result *= value("W" + classLetter + "b") }
        return result
    }

    /// Each candidate's probability: its weight over the total, or uniform when all are zero.
    static func probabilities(_ candidates: [Relay], _ position: PathPosition, raw weights: [String: Int32]) -> [RelayFingerprint: Double] {
        let values = candidates.map { weight($0, position, raw: weights) }
        let total = values.reduce(0, +)
        var result: [RelayFingerprint: Double] = [:]
        for (relay, value) in zip(candidates, values) {
            result[relay.rsaIdentity, default: 0] += total > 0 ? value / total : 1 / Double(candidates.count)
        }
        return result
    }

    /// One-sided z for significance 1e-6: a correct selector fails a check about once in a
    /// million seeds, while a wrong weighting (see the power checks) fails by far.
    static let z = 4.753424

    /// The chi-square quantile at 1 - 1e-6 by the Wilson–Hilferty approximation (conservative
    /// for few degrees of freedom).
    static func critical(degreesOfFreedom df: Int) -> Double {
        let k = Double(df)
        let term = 1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot()
        return k * term * term * term
    }

    /// Pearson's statistic and degrees of freedom; cells expecting fewer than 5 draws are
    /// pooled into one cell so the chi-square approximation holds.
    static func chiSquare<Key: Hashable>(observed: [Key: Int], expected probabilities: [Key: Double], draws: Int) -> (statistic: Double, degreesOfFreedom: Int) {
        var statistic = 0.0
        var cells = 0
        var pooledExpected = 0.0
        var pooledObserved = 0.0
        for (key, probability) in probabilities where probability > 0 {
            let expected = probability * Double(draws)
            let seen = Double(observed[key] ?? 0)
            if expected < 5 {
                pooledExpected += expected
                pooledObserved += seen
            } else {
                statistic += (seen - expected) * (seen - expected) / expected
                cells += 1
            }
        }
        if pooledExpected > 0 {
            statistic += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected
            cells += 1
        }
        return (statistic, max(cells - 1, 1))
    }

    /// Checks `observed` against `probabilities`: nothing drawn that should never be, and the
    /// chi-square statistic under the 1e-6 critical value. Returns the statistic.
    @discardableResult
    static func expectFits<Key: Hashable>(
        _ observed: [Key: Int], _ probabilities: [Key: Double], draws: Int, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Double {
        for (key, count) in observed where (probabilities[key] ?? 0) == 0 {
            Issue.record("\(label): \(key) was drawn \(count) times but has probability 0", sourceLocation: sourceLocation)
        }
        let (statistic, df) = chiSquare(observed: observed, expected: probabilities, draws: draws)
        #expect(statistic < critical(degreesOfFreedom: df),
                "\(label): chi-square \(statistic) with \(df) degrees of freedom exceeds \(critical(degreesOfFreedom: df))",
                sourceLocation: sourceLocation)
        return statistic
    }
}
