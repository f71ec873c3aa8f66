import Testing
import TorCore
@testable import Directory

/// The path rules of path-spec 2.2 and 2.2.1 on hand-made relays, each in its own /16 unless a
/// test puts two together.
@Suite("Path restrictions (path-spec 2.2)")
struct PathRestrictionTests {
    static let guardFlags: RouterFlags = NetworkFixtures.circuitFlags.union(.guardFlag)
    static let exitFlags: RouterFlags = NetworkFixtures.circuitFlags.union(.exit)
    static let middleFlags: RouterFlags = NetworkFixtures.circuitFlags
    static let enforced = PathRestrictions(enforceDistinctSubnets: true)
    static let relaxed = PathRestrictions(enforceDistinctSubnets: false)

    @Test func familyNeedsBothRelaysToDeclareIt() {
        let a = NetworkFixtures.fingerprint(1), b = NetworkFixtures.fingerprint(2)
        let mutualA = NetworkFixtures.relay(1, flags: Self.middleFlags, family: [b])
        let mutualB = NetworkFixtures.relay(2, flags: Self.middleFlags, family: [a])
        let silentB = NetworkFixtures.relay(2, flags: Self.middleFlags)
        let otherFamilyB = NetworkFixtures.relay(2, flags: Self.middleFlags, family: [NetworkFixtures.fingerprint(3)])
        #expect(mutualA.isInSameFamily(as: mutualB) && mutualB.isInSameFamily(as: mutualA))
        #expect(Self.relaxed.conflict(mutualA, mutualB))
        // A one-sided claim would let any relay push any other out of its paths.
        #expect(!mutualA.isInSameFamily(as: silentB) && !Self.relaxed.conflict(mutualA, silentB))
        #expect(!mutualA.isInSameFamily(as: otherFamilyB) && !otherFamilyB.isInSameFamily(as: mutualA))
    }

    @Test func aSharedFamilyIdentityIsAFamily() {
        let first = NetworkFixtures.relay(1, flags: Self.middleFlags, familyIdentities: ["ed25519:AAAA", "ed25519:BBBB"])
        let second = NetworkFixtures.relay(2, flags: Self.middleFlags, familyIdentities: ["ed25519:BBBB"])
        let third = NetworkFixtures.relay(3, flags: Self.middleFlags, familyIdentities: ["ed25519:CCCC"])
        #expect(Self.relaxed.conflict(first, second))
        #expect(!Self.relaxed.conflict(first, third))
    }

    @Test func sameSixteenConflictsOnlyWhenEnforced() {
        let first = NetworkFixtures.relay(1, flags: Self.middleFlags, address: IPv4Address(192, 0, 2, 1))
        let sameSixteen = NetworkFixtures.relay(2, flags: Self.middleFlags, address: IPv4Address(192, 0, 200, 9))
        let nextSixteen = NetworkFixtures.relay(3, flags: Self.middleFlags, address: IPv4Address(192, 1, 2, 1))
        #expect(Self.enforced.conflict(first, sameSixteen) && !Self.relaxed.conflict(first, sameSixteen))
        #expect(!Self.enforced.conflict(first, nextSixteen))
        #expect(Self.relaxed.conflict(first, first), "a relay always conflicts with itself")
    }

    @Test func theSameEd25519KeyIsTheSameRelay() {
        let first = NetworkFixtures.relay(1, flags: Self.middleFlags)
        let second = NetworkFixtures.relay(2, flags: Self.middleFlags)
        let clone = Relay(
            nickname: "clone", rsaIdentity: NetworkFixtures.fingerprint(9), ed25519Identity: first.ed25519Identity, address: second.address, orPort: 1, flags: Self.middleFlags,
            bandwidth: 1, ntorOnionKey: second.ntorOnionKey)
        #expect(Self.relaxed.conflict(first, clone) && !Self.relaxed.conflict(second, clone))
    }

    /// Guard 1, exit 2 and middles 3 (heavy) and 4, with the exit and relay 3 as given.
    static func selector(exit: Relay, three: Relay, restrictions: PathRestrictions) -> PathSelector {
        let relays = [NetworkFixtures.relay(1, flags: guardFlags), exit, three, NetworkFixtures.relay(4, flags: middleFlags)]
        return PathSelector(view: NetworkFixtures.syntheticView(relays), restrictions: restrictions)
    }

    static func middles(_ selector: PathSelector, seed: UInt64) throws -> [String: Int] {
        var generator = SeededGenerator(seed: seed)
        return try tally(1_000) { try selector.selectPath(exitPort: 443, guard: nil, using: &generator)[1].nickname }
    }

    @Test func aFamilyMemberOfTheExitIsNeverTheMiddle() throws {
        let two = NetworkFixtures.fingerprint(2), three = NetworkFixtures.fingerprint(3)
        // Relay 3 names the exit but the exit does not name it: no family, and it weighs 100x.
        let oneSided = Self.selector(
            exit: NetworkFixtures.relay(2, flags: Self.exitFlags),
            three: NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 100_000, family: [two]), restrictions: Self.relaxed)
        #expect((try Self.middles(oneSided, seed: 1)["relay3"] ?? 0) > 900)
        let mutual = Self.selector(
            exit: NetworkFixtures.relay(2, flags: Self.exitFlags, family: [three]),
            three: NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 100_000, family: [two]), restrictions: Self.relaxed)
        #expect(try Self.middles(mutual, seed: 1) == ["relay4": 1_000])
        let sharedIdentity = Self.selector(
            exit: NetworkFixtures.relay(2, flags: Self.exitFlags, familyIdentities: ["ed25519:family"]),
            three: NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 100_000, familyIdentities: ["ed25519:family"]),
            restrictions: Self.relaxed)
        #expect(try Self.middles(sharedIdentity, seed: 1) == ["relay4": 1_000])
    }

    @Test func aRelayInTheExitsSixteenIsSkippedOnlyWhenEnforced() throws {
        let exit = NetworkFixtures.relay(2, flags: Self.exitFlags, address: IPv4Address(10, 2, 0, 1))
        let neighbour = NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 100_000, address: IPv4Address(10, 2, 77, 1))
        let enforced = Self.selector(exit: exit, three: neighbour, restrictions: Self.enforced)
        #expect(try Self.middles(enforced, seed: 2) == ["relay4": 1_000])
        let relaxed = Self.selector(exit: exit, three: neighbour, restrictions: Self.relaxed)
        #expect((try Self.middles(relaxed, seed: 2)["relay3"] ?? 0) > 900)
    }

    @Test func aBadExitIsNeverTheExit() throws {
        let badExit = NetworkFixtures.relay(2, flags: Self.exitFlags.union(.badExit), bandwidth: 1_000_000)
        let exit = NetworkFixtures.relay(3, flags: Self.exitFlags, bandwidth: 10)
        let view = NetworkFixtures.syntheticView([NetworkFixtures.relay(1, flags: Self.guardFlags), badExit, exit, NetworkFixtures.relay(4, flags: Self.middleFlags)])
        let selector = PathSelector(view: view, restrictions: Self.enforced)
        var generator = SeededGenerator(seed: 3)
        let exits = try tally(2_000) { try selector.selectExit(forPort: 80, using: &generator).nickname }
        #expect(exits == ["relay3": 2_000])
        // As a middle it weighs like a non-exit (Wmm), so it is still used there.
        #expect(!badExit.isExit && !badExit.allowsExit(toPort: 80))
        let withoutGoodExit = PathSelector(view: NetworkFixtures.syntheticView([badExit, NetworkFixtures.relay(1, flags: Self.guardFlags)]), restrictions: Self.enforced)
        expectDirectoryError(.pathNoExitForPort) { try withoutGoodExit.selectExit(forPort: 80, using: &generator) }
    }

    @Test func aMiddleOnlyRelayIsNeitherGuardNorExit() throws {
        let middleOnlyExit = NetworkFixtures.relay(2, flags: Self.exitFlags.union([.guardFlag, .middleOnly]), bandwidth: 1_000_000)
        let view = NetworkFixtures.syntheticView([
            NetworkFixtures.relay(1, flags: Self.guardFlags), middleOnlyExit,
            NetworkFixtures.relay(3, flags: Self.exitFlags), NetworkFixtures.relay(4, flags: Self.middleFlags),
        ])
        let selector = PathSelector(view: view, restrictions: Self.enforced)
        var generator = SeededGenerator(seed: 4)
        let paths = try tally(1_000) { try selector.selectPath(exitPort: 80, guard: nil, using: &generator).map(\.nickname) }
        #expect(paths.keys.allSatisfy { $0[0] == "relay1" && $0[2] == "relay3" })
        #expect(paths.keys.contains { $0[1] == "relay2" })
    }

    @Test func theUsablePredicateSkipsRelaysWithOpenBreakers() throws {
        let relays = [
            NetworkFixtures.relay(1, flags: Self.guardFlags), NetworkFixtures.relay(2, flags: Self.exitFlags),
            NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 1_000_000), NetworkFixtures.relay(4, flags: Self.middleFlags),
        ]
        let open: Set<RelayFingerprint> = [NetworkFixtures.fingerprint(3)]
        let selector = PathSelector(view: NetworkFixtures.syntheticView(relays), restrictions: Self.enforced,
                                    isUsable: { !open.contains($0.rsaIdentity) })
        var generator = SeededGenerator(seed: 5)
        let middles = try tally(1_000) { try selector.selectPath(exitPort: 443, guard: nil, using: &generator)[1].nickname }
        #expect(middles == ["relay4": 1_000])
        let everythingOpen = PathSelector(view: selector.view, restrictions: Self.enforced, isUsable: { _ in false })
        let error = #expect(throws: DirectoryError.self) { try everythingOpen.selectPath(exitPort: 443, guard: nil, using: &generator) }
        #expect(error?.code == .pathNoRelay)
        #expect(error?.reason.contains("1 are skipped because they keep failing") == true)
    }

    /// A clock that never moves, so an opened breaker stays open.
    struct FrozenClock: ResilienceClock {
        func now() -> ResilienceInstant { .origin }
        func sleep(for duration: Duration) async throws { throw CancellationError() }
    }

    @Test func anOpenBreakerInARegistryKeepsItsRelayOut() async throws {
        struct RelayDown: Error {}
        let relays = [
            NetworkFixtures.relay(1, flags: Self.guardFlags), NetworkFixtures.relay(2, flags: Self.exitFlags),
            NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 1_000_000), NetworkFixtures.relay(4, flags: Self.middleFlags),
        ]
        let registry = CircuitBreakerRegistry<String>(
            policy: CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(30)), clock: FrozenClock())
        let heavy = NetworkFixtures.fingerprint(3).description
        let light = NetworkFixtures.fingerprint(4).description
        _ = try? await registry.breaker(for: heavy).run { () async throws -> Int in throw RelayDown() }
        _ = try await registry.breaker(for: light).run { () async throws -> Int in 1 }
        let heavyOpen = await registry.isOpen(heavy)
        let lightOpen = await registry.isOpen(light)
        #expect(heavyOpen && !lightOpen)
        let isUsable = await PathSelector.skippingOpenBreakers(in: registry) { $0.rsaIdentity.description }
        let selector = PathSelector(view: NetworkFixtures.syntheticView(relays), restrictions: Self.enforced, isUsable: isUsable)
        var generator = SeededGenerator(seed: 55)
        let middles = try tally(500) { try selector.selectPath(exitPort: 443, guard: nil, using: &generator)[1].nickname }
        #expect(middles == ["relay4": 500])
    }

    @Test func hopsNeedFastRunningAndValid() throws {
        let relays = [
            NetworkFixtures.relay(1, flags: Self.guardFlags), NetworkFixtures.relay(2, flags: Self.exitFlags),
            NetworkFixtures.relay(3, flags: Self.middleFlags.subtracting(.fast), bandwidth: 1_000_000),
            NetworkFixtures.relay(4, flags: Self.middleFlags.subtracting(.valid), bandwidth: 1_000_000),
            NetworkFixtures.relay(5, flags: Self.middleFlags.subtracting(.running), bandwidth: 1_000_000),
            NetworkFixtures.relay(6, flags: Self.middleFlags),
        ]
        let selector = PathSelector(view: NetworkFixtures.syntheticView(relays), restrictions: Self.enforced)
        var generator = SeededGenerator(seed: 6)
        #expect(try tally(500) { try selector.selectMiddle(excluding: [], using: &generator).nickname }.keys.allSatisfy { ["relay1", "relay2", "relay6"].contains($0) })
        var slow = selector
        slow.requiresFast = false
        #expect(try tally(500) { try slow.selectMiddle(excluding: [], using: &generator).nickname }.keys.contains("relay3"))
    }

    @Test func directoryRelaysNeedV2Dir() throws {
        let relays = [
            NetworkFixtures.relay(1, flags: Self.middleFlags.subtracting(.v2Dir), bandwidth: 1_000_000),
            NetworkFixtures.relay(2, flags: [.running, .valid, .v2Dir]),
        ]
        let selector = PathSelector(view: NetworkFixtures.syntheticView(relays), restrictions: Self.enforced)
        var generator = SeededGenerator(seed: 7)
        #expect(try tally(500) { try selector.selectDirectoryRelay(using: &generator).nickname } == ["relay2": 500])
        let excluded = try #require(selector.view.relays.last)
        expectDirectoryError(.pathNoRelay) { try selector.selectDirectoryRelay(excluding: [excluded], using: &generator) }
    }

    @Test func zeroBandwidthRelaysAreUsedOnlyWhenNothingElseIs() throws {
        let zero = NetworkFixtures.relay(1, flags: Self.middleFlags, bandwidth: 0)
        let missing = NetworkFixtures.relay(2, flags: Self.middleFlags, bandwidth: nil)
        let weighted = NetworkFixtures.relay(3, flags: Self.middleFlags, bandwidth: 1)
        var generator = SeededGenerator(seed: 8)
        let mixed = PathSelector(view: NetworkFixtures.syntheticView([zero, missing, weighted]), restrictions: Self.enforced)
        #expect(try tally(500) { try mixed.selectMiddle(excluding: [], using: &generator).nickname } == ["relay3": 500])
        let onlyZero = PathSelector(view: NetworkFixtures.syntheticView([zero, missing]), restrictions: Self.enforced)
        let counts = try tally(2_000) { try onlyZero.selectMiddle(excluding: [], using: &generator).nickname }
        PathStatistics.expectFits(counts, ["relay1": 0.5, "relay2": 0.5], draws: 2_000, "uniform among zero weights")
    }
}
