import Foundation
import Testing
import TorCore
@testable import Directory

/// Path selection over the real private-network consensus and microdescriptors (tor 0.4.9.11
/// authorities; 2 exits, 6 guard-flagged relays, all on 127.0.0.1).
@Suite("Paths over the real consensus (path-spec 2.2)")
struct FixturePathTests {
    static let pathCount = 10_000

    /// What `TestingTorNetwork 1` configures: EnforceDistinctSubnets 0, as in C tor.
    static func testingRestrictions() throws -> PathRestrictions {
        let (configuration, _) = try TorConfiguration.parse(text: "TestingTorNetwork 1\n", fileName: "torrc", homeDirectory: "/home/tester")
        return PathRestrictions(configuration: configuration)
    }

    static func rawWeights() throws -> [String: Int32] {
        try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc")).bandwidthWeights
    }

    /// The exact probability of each relay in each position of `selectPath`, by enumerating
    /// the exit, then the guard given the exit, then the middle given both (path-spec 2.2 order).
    static func expectedMarginals(_ view: NetworkView, port: UInt16) throws -> [[RelayFingerprint: Double]] {
        let weights = try rawWeights()
        var required: RouterFlags = [.running, .valid, .fast]
        if PathSelector.defaultLongLivedPorts.contains(port) { required.insert(.stable) }
        let circuit = view.relays.filter { $0.flags.isSuperset(of: required) }
        let exits = circuit.filter { $0.flags.contains(.exit) && !$0.flags.contains(.badExit) && $0.exitPolicy.allows(port: port) }
        var marginals = [[RelayFingerprint: Double]](repeating: [:], count: 3)
        for (exit, exitProbability) in PathStatistics.probabilities(exits, .exit, raw: weights) {
            marginals[2][exit, default: 0] += exitProbability
            let guards = circuit.filter { $0.flags.isSuperset(of: [.guardFlag, .stable, .fast, .v2Dir]) && $0.rsaIdentity != exit }
            for (entry, guardProbability) in PathStatistics.probabilities(guards, .entry, raw: weights) {
                marginals[0][entry, default: 0] += exitProbability * guardProbability
                let middles = circuit.filter { $0.rsaIdentity != exit && $0.rsaIdentity != entry }
                for (middle, middleProbability) in PathStatistics.probabilities(middles, .middle, raw: weights) {
                    marginals[1][middle, default: 0] += exitProbability * guardProbability * middleProbability
                }
            }
        }
        return marginals
    }

    /// Draws paths and checks the rules every path obeys; returns counts per position.
    static func drawPaths(_ selector: PathSelector, port: UInt16, seed: UInt64) throws -> [[RelayFingerprint: Int]] {
        var generator = SeededGenerator(seed: seed)
        var counts = [[RelayFingerprint: Int]](repeating: [:], count: 3)
        for _ in 0..<pathCount {
            let path = try selector.selectPath(exitPort: port, guard: nil, using: &generator)
            #expect(path.count == 3)
            #expect(Set(path.map(\.rsaIdentity)).count == 3, "a relay repeats in \(path)")
            #expect(path[2].allowsExit(toPort: port), "\(path[2]) does not allow port \(port)")
            #expect(path[0].flags.contains(.guardFlag))
            for (position, relay) in path.enumerated() { counts[position][relay.rsaIdentity, default: 0] += 1 }
        }
        return counts
    }

    @Test(arguments: [UInt16(80), 443])
    func tenThousandPathsFollowTheRulesAndTheWeights(port: UInt16) throws {
        let view = try NetworkFixtures.realView()
        let selector = PathSelector(view: view, restrictions: try Self.testingRestrictions())
        let counts = try Self.drawPaths(selector, port: port, seed: UInt64(port))
        let expected = try Self.expectedMarginals(view, port: port)
        let nicknames = Dictionary(uniqueKeysWithValues: view.relays.map { ($0.rsaIdentity, $0.nickname) })
        // The fixture's shape: exits exit1/exit2; guards need Stable, and auth1/auth2 weigh 0.
        #expect(Set(counts[2].keys.compactMap { nicknames[$0] }) == ["exit1", "exit2"])
        #expect(Set(counts[0].keys.compactMap { nicknames[$0] }) == ["relay1", "relay2"])
        #expect(counts[1].keys.compactMap { nicknames[$0] }.allSatisfy { $0 != "auth1" && $0 != "auth2" })
        for (position, label) in ["guard", "middle", "exit"].enumerated() {
            PathStatistics.expectFits(counts[position], expected[position], draws: Self.pathCount, "\(label), port \(port)")
        }
        // The same draws against plain bandwidth (no position weights) must fail: otherwise
        // the check above could not tell correct weighting from none. Only the middle differs,
        // since the fixture's exits and guards have equal bandwidths.
        let unweighted = try Self.expectedMarginalsIgnoringPositionWeights(view, port: port)
        let (statistic, df) = PathStatistics.chiSquare(observed: counts[1], expected: unweighted, draws: Self.pathCount)
        #expect(statistic > PathStatistics.critical(degreesOfFreedom: df), "unweighted middle fits too (\(statistic))")
    }

    static func expectedMarginalsIgnoringPositionWeights(_ view: NetworkView, port: UInt16) throws -> [RelayFingerprint: Double] {
        let circuit = view.relays.filter { $0.flags.isSuperset(of: [.running, .valid, .fast]) }
        let exits = circuit.filter { $0.isExit && $0.exitPolicy.allows(port: port) }
        var middle: [RelayFingerprint: Double] = [:]
        for (exit, pe) in PathStatistics.probabilities(exits, .exit, raw: [:]) {
            let guards = circuit.filter { $0.flags.isSuperset(of: [.guardFlag, .stable, .fast, .v2Dir]) && $0.rsaIdentity != exit }
            for (entry, pg) in PathStatistics.probabilities(guards, .entry, raw: [:]) {
                let middles = circuit.filter { $0.rsaIdentity != exit && $0.rsaIdentity != entry }
                for (relay, pm) in PathStatistics.probabilities(middles, .middle, raw: [:]) { middle[relay, default: 0] += pe * pg * pm }
            }
        }
        return middle
    }

    @Test func aLongLivedPortGetsOnlyStableRelays() throws {
        // Port 22 is in LongLivedPorts: exit1 lacks Stable, so exit2 is the only exit; the
        // Stable guards with weight are relay1 and relay2, and the middle must be the other.
        let view = try NetworkFixtures.realView()
        let selector = PathSelector(view: view, restrictions: try Self.testingRestrictions())
        var generator = SeededGenerator(seed: 22)
        var guards: Set<String> = []
        for _ in 0..<1_000 {
            let path = try selector.selectPath(exitPort: 22, guard: nil, using: &generator).map(\.nickname)
            #expect(path[2] == "exit2")
            #expect(Set(path[0...1]) == ["relay1", "relay2"])
            guards.insert(path[0])
        }
        #expect(guards == ["relay1", "relay2"])
    }

    @Test func anExitWhoseSummaryRejectsThePortIsNeverChosen() throws {
        // exit1's "p accept 1-65535" becomes "p accept 80,443": for port 8080 only exit2 remains.
        let view = try NetworkFixtures.realView(editingMicrodescriptorsOf: ["exit1": {
            $0.replacingOccurrences(of: "p accept 1-65535", with: "p accept 80,443")
        }])
        let exit1 = try NetworkFixtures.relay("exit1", in: view)
        #expect(exit1.allowsExit(toPort: 443) && !exit1.allowsExit(toPort: 8080))
        let selector = PathSelector(view: view, restrictions: try Self.testingRestrictions())
        var generator = SeededGenerator(seed: 8080)
        let exits = try tally(Self.pathCount) { try selector.selectPath(exitPort: 8080, guard: nil, using: &generator)[2].nickname }
        #expect(exits == ["exit2": Self.pathCount])
        let exitsFor443 = try tally(2_000) { try selector.selectExit(forPort: 443, using: &generator).nickname }
        #expect(Set(exitsFor443.keys) == ["exit1", "exit2"])
    }

    @Test func aPortNoExitAllowsIsAClearError() throws {
        let view = try NetworkFixtures.realView(editingMicrodescriptorsOf: [
            "exit1": { $0.replacingOccurrences(of: "p accept 1-65535", with: "p accept 80,443") },
            "exit2": { $0.replacingOccurrences(of: "p accept 1-65535", with: "p reject 25") },
        ])
        let selector = PathSelector(view: view, restrictions: try Self.testingRestrictions())
        var generator = SeededGenerator(seed: 25)
        expectDirectoryError(.pathNoExitForPort) { try selector.selectPath(exitPort: 25, guard: nil, using: &generator) }
        let error = #expect(throws: DirectoryError.self) { try selector.selectExit(forPort: 25, using: &generator) }
        #expect(error?.kind == .resource)
        #expect(error?.reason.contains("No exit relay allows port 25") == true)
        #expect(try selector.selectExit(forPort: 80, using: &generator).isExit)
    }

    @Test func withDistinctSubnetsEnforcedOneAddressCannotMakeAPath() throws {
        // Every relay is on 127.0.0.1: the /16 rule leaves no guard once the exit is chosen.
        let (configuration, _) = try TorConfiguration.parse(
            text: "TestingTorNetwork 1\nEnforceDistinctSubnets 1\n", fileName: "torrc", homeDirectory: "/home/tester")
        #expect(configuration.enforceDistinctSubnets)
        let selector = PathSelector(view: try NetworkFixtures.realView(), restrictions: PathRestrictions(configuration: configuration))
        var generator = SeededGenerator(seed: 16)
        expectDirectoryError(.pathNoRelay) { try selector.selectPath(exitPort: 80, guard: nil, using: &generator) }
        #expect(!(try Self.testingRestrictions()).enforceDistinctSubnets)
        let (defaults, _) = try TorConfiguration.parse(text: "", fileName: "torrc", homeDirectory: "/home/tester")
        #expect(PathRestrictions(configuration: defaults).enforceDistinctSubnets)
    }

    @Test func aRelayWithoutItsMicrodescriptorIsNeverChosen() throws {
        var descriptors = try NetworkFixtures.microdescriptors()
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        for nickname in ["exit1", "relay1"] {
            let status = try #require(consensus.routers.first { $0.nickname == nickname })
            descriptors[status.microdescriptorDigest] = nil
        }
        let view = try NetworkFixtures.view(consensusText: Fixtures.text("consensus-microdesc"), microdescriptors: descriptors)
        let selector = PathSelector(view: view, restrictions: try Self.testingRestrictions())
        var generator = SeededGenerator(seed: 7)
        let seen = try tally(2_000) { try selector.selectPath(exitPort: 443, guard: nil, using: &generator).map(\.nickname) }
        let nicknames = Set(seen.keys.flatMap { $0 })
        #expect(!nicknames.contains("exit1") && !nicknames.contains("relay1"))
        #expect(seen.keys.allSatisfy { $0[2] == "exit2" && $0[0] == "relay2" })
    }

    @Test func aGivenGuardIsKeptAndAvoided() throws {
        let view = try NetworkFixtures.realView()
        let selector = PathSelector(view: view, restrictions: try Self.testingRestrictions())
        let relay2 = try NetworkFixtures.relay("relay2", in: view)
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<500 {
            let path = try selector.selectPath(exitPort: 443, guard: relay2, using: &generator)
            #expect(path[0] == relay2 && !path[1...].contains(relay2))
        }
    }

    @Test func internalPathsEndAtAnyRelay() throws {
        let selector = PathSelector(view: try NetworkFixtures.realView(), restrictions: try Self.testingRestrictions())
        var generator = SeededGenerator(seed: 3)
        let lastHops = try tally(2_000) { () throws(DirectoryError) -> String in
            let path = try selector.selectPath(exitPort: nil, guard: nil, using: &generator)
            #expect(Set(path.map(\.rsaIdentity)).count == 3)
            return path[2].nickname
        }
        // Non-exits end internal circuits too; only zero-weight relays never do.
        #expect(lastHops.keys.contains("relay3") && lastHops.keys.contains("exit1"))
        #expect(lastHops["auth1"] == nil && lastHops["auth2"] == nil)
    }
}
