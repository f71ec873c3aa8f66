import Testing
import TorCore
@testable import Directory

/// Selection frequencies on a synthetic network large enough to test the bandwidth weights:
/// 500 relays with bandwidths from 20 to 20,019, in all four weight classes (Guard, Exit, both,
/// neither), some without V2Dir, Fast or bandwidth, some BadExit.
///
/// Criterion: Pearson's chi-square over every relay (cells expecting fewer than 5 draws
/// pooled), below the chi-square quantile at 1 - 1e-6; and every relay with probability 0
/// never drawn. Each test also checks the same draws against plain bandwidth weighting and
/// requires that to fail, so the criterion can tell the weights apart.
@Suite("Bandwidth-weight distribution (dir-spec 3.8.3, path-spec 2.2)")
struct WeightDistributionTests {
    static let draws = 20_000

    static let weights: [String: Int32] = [
        "Wgg": 6000, "Wgm": 10000, "Wgd": 2500,
        "Wmg": 4000, "Wmm": 10000, "Wme": 1500, "Wmd": 700,
        "Weg": 10000, "Wem": 10000, "Wee": 9000, "Wed": 3500,
        "Wgb": 10000, "Wmb": 8000, "Web": 9000, "Wdb": 6000,
        "Wbg": 3000, "Wbm": 10000, "Wbe": 2000, "Wbd": 1000,
    ]

    static let relays: [Relay] = {
        var generator = SeededGenerator(seed: 500)
        return (0..<500).map { number in
            var flags: RouterFlags = [.running, .valid, .fast, .stable, .v2Dir]
            switch number % 4 {
            case 0: flags.insert(.guardFlag)
            case 1: flags.insert(.exit)
            case 2: flags.formUnion([.guardFlag, .exit])
            default: break
            }
            if number % 7 == 0 { flags.remove(.v2Dir) }
            if number % 11 == 0 { flags.remove(.fast) }
            if number % 17 == 0 { flags.insert(.badExit) }
            let bandwidth: UInt32 = number % 13 == 0 ? 0 : 20 + UInt32(generator.next(upperBound: UInt64(20_000)))
            return NetworkFixtures.relay(number, flags: flags, bandwidth: bandwidth)
        }
    }()

    static let selector = PathSelector(
        view: NetworkFixtures.syntheticView(relays, weights: weights), restrictions: PathRestrictions(enforceDistinctSubnets: true))

    /// Draws with `draw`, checks against the weighted expectation, and requires the unweighted
    /// expectation to be rejected.
    static func check(
        _ position: PathPosition, candidates: [Relay], seed: UInt64,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ draw: (inout SeededGenerator) throws(DirectoryError) -> Relay
    ) throws {
        var generator = SeededGenerator(seed: seed)
        let counts = try tally(draws) { () throws(DirectoryError) -> RelayFingerprint in try draw(&generator).rsaIdentity }
        let expected = PathStatistics.probabilities(candidates, position, raw: weights)
        #expect(expected.values.filter { $0 > 0 }.count > 50, "too few candidates to test", sourceLocation: sourceLocation)
        PathStatistics.expectFits(counts, expected, draws: draws, "\(position)", sourceLocation: sourceLocation)
        let plain = PathStatistics.probabilities(candidates, position, raw: [:])
        let (statistic, df) = PathStatistics.chiSquare(observed: counts, expected: plain, draws: draws)
        #expect(statistic > PathStatistics.critical(degreesOfFreedom: df),
                "\(position): plain bandwidth fits too (\(statistic), \(df) df)", sourceLocation: sourceLocation)
    }

    @Test func guardsFollowWggAndWgd() throws {
        let candidates = Self.relays.filter { $0.flags.isSuperset(of: [.guardFlag, .stable, .fast, .v2Dir, .running, .valid]) }
        try Self.check(.entry, candidates: candidates, seed: 1) { generator throws(DirectoryError) in
            try Self.selector.selectGuard(using: &generator)
        }
    }

    @Test func middlesFollowTheMiddleRowAndTheDirectoryFactors() throws {
        let candidates = Self.relays.filter { $0.flags.isSuperset(of: [.fast, .running, .valid]) }
        try Self.check(.middle, candidates: candidates, seed: 2) { generator throws(DirectoryError) in
            try Self.selector.selectMiddle(excluding: [], using: &generator)
        }
    }

    @Test func exitsFollowWeeAndWed() throws {
        let candidates = Self.relays.filter {
            $0.flags.isSuperset(of: [.exit, .fast, .running, .valid]) && !$0.flags.contains(.badExit)
        }
        try Self.check(.exit, candidates: candidates, seed: 3) { generator throws(DirectoryError) in
            try Self.selector.selectExit(forPort: 443, using: &generator)
        }
    }

    @Test func directoryRelaysFollowTheBeginDirRow() throws {
        let candidates = Self.relays.filter { $0.flags.isSuperset(of: [.v2Dir, .running, .valid]) }
        try Self.check(.directory, candidates: candidates, seed: 4) { generator throws(DirectoryError) in
            try Self.selector.selectDirectoryRelay(using: &generator)
        }
    }
}
