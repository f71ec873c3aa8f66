import Testing
import TorCore
@testable import Directory

@Suite("Bandwidth weights and weighted choice (dir-spec 3.4.1, 3.8.3)")
struct BandwidthWeightsTests {
    static let fixtureWeights = BandwidthWeights(weights: [
        "Wgg": 5556, "Wgd": 3333, "Wmg": 4444, "Wme": 1663, "Wmm": 10000, "Wee": 8337, "Wgb": 5000, "Wbe": 1663,
    ])

    @Test func multipliesBandwidthByThePositionWeight() {
        let weights = Self.fixtureWeights
        let guardFlags: RouterFlags = [.guardFlag, .running, .valid]
        // 1000 x 5556; no V2Dir, so Wgb does not apply.
        #expect(weights.weight(bandwidth: 1000, flags: guardFlags, position: .entry) == 5_556_000)
        // With V2Dir: 1000 x 5556 x 5000 / 10000.
        #expect(weights.weight(bandwidth: 1000, flags: guardFlags.union(.v2Dir), position: .entry) == 2_778_000)
        #expect(weights.weight(bandwidth: 1000, flags: guardFlags, position: .middle) == 4_444_000)
        #expect(weights.weight(bandwidth: 1000, flags: [.exit], position: .exit) == 8_337_000)
        #expect(weights.weight(bandwidth: 1000, flags: [.exit, .guardFlag], position: .entry) == 3_333_000)
        // An Exit-only relay has no weight in the guard position.
        #expect(weights.weight(bandwidth: 1000, flags: [.exit], position: .entry) == 0)
        // BadExit makes an Exit weigh as a non-exit: Wmm, not Wme.
        #expect(weights.weight(bandwidth: 1000, flags: [.exit, .badExit], position: .middle) == 10_000_000)
        #expect(weights.weight(bandwidth: 1000, flags: [.exit, .v2Dir], position: .directory) == 1_663_000)
        #expect(weights.weight(bandwidth: nil, flags: guardFlags, position: .entry) == 0)
    }

    @Test func malformedWeightsReadAsTheScale() {
        let weights = BandwidthWeights(weights: ["Wgg": -1, "Wmm": 10_001, "Wee": 7], scaleParameter: nil)
        #expect(weights["Wgg"] == 10_000 && weights["Wmm"] == 10_000 && weights["Wee"] == 7 && weights["Wxx"] == 10_000)
        let scaled = BandwidthWeights(weights: ["Wgg": 50, "Wmm": 101], scaleParameter: 100)
        #expect(scaled.scale == 100 && scaled["Wgg"] == 50 && scaled["Wmm"] == 100)
        #expect(scaled.weight(bandwidth: 10, flags: [.guardFlag], position: .entry) == 500)
        #expect(BandwidthWeights(weights: [:], scaleParameter: 0).scale == 1, "bwweightscale has minimum 1")
    }

    @Test func theLargestWeightsStayExact() {
        let weights = BandwidthWeights(weights: ["Wgg": Int32.max - 1, "Wgb": Int32.max - 2], scaleParameter: .max)
        let value = weights.weight(bandwidth: .max, flags: [.guardFlag, .v2Dir], position: .entry)
        // (2^32-1)(2^31-2)(2^31-3)/(2^31-1), computed with 128-bit integers in Python.
        #expect(value == 9_223_372_017_527_422_984)
    }

    @Test func weightedChoiceHandlesEmptyZeroAndHugeTotals() {
        var generator = SeededGenerator(seed: 9)
        #expect(WeightedChoice.index(of: [], using: &generator) == nil)
        let zeros = tally(3_000) { WeightedChoice.index(of: [0, 0, 0], using: &generator)! }
        PathStatistics.expectFits(zeros, [0: 1 / 3, 1: 1 / 3, 2: 1 / 3], draws: 3_000, "all zero")
        #expect(tally(1_000) { WeightedChoice.index(of: [0, 5, 0], using: &generator)! } == [1: 1_000])
        // Totals beyond 2^64 are shifted down together; proportions survive.
        let huge: [UInt64] = [UInt64.max / 2, UInt64.max / 2, UInt64.max / 4, 1]
        let scaled = WeightedChoice.fittingSum(huge)
        var total: UInt64 = 0
        var overflowed = false
        for weight in scaled {
            let (sum, overflow) = total.addingReportingOverflow(weight)
            total = sum
            overflowed = overflowed || overflow
        }
        #expect(!overflowed)
        #expect(scaled[0] == scaled[1] && scaled[0] / scaled[2] == 2 && scaled[3] == 1)
        let counts = tally(20_000) { WeightedChoice.index(of: huge, using: &generator)! }
        PathStatistics.expectFits(counts, [0: 0.4, 1: 0.4, 2: 0.2, 3: 0], draws: 20_000, "huge weights")
        #expect(WeightedChoice.fittingSum([1, 2, 3]) == [1, 2, 3])
    }
}
