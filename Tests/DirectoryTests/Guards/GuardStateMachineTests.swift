import Testing
import TorCore
@testable import Directory

/// guard-spec 4 on a synthetic network of 40 guards (numbers 1 to 40) and 10 exits (41 to 50),
/// with explicit time.
@Suite("Guard selection (guard-spec 4)")
struct GuardStateMachineTests {
    static let t0 = Fixtures.now
    static let guardFlags: RouterFlags = NetworkFixtures.circuitFlags.union(.guardFlag)
    static let restrictions = PathRestrictions(enforceDistinctSubnets: true)

    static func view(guards: ClosedRange<Int> = 1...40, now: Int64 = t0, extra: [Relay] = []) -> NetworkView {
        let relays = guards.map { NetworkFixtures.relay($0, flags: guardFlags, bandwidth: UInt32($0) * 100) }
            + (41...50).map { NetworkFixtures.relay($0, flags: NetworkFixtures.circuitFlags.union(.exit)) } + extra
        return NetworkFixtures.syntheticView(relays, now: now)
    }

    static func sampledState(seed: UInt64 = 1) -> GuardStateMachine {
        var machine = GuardStateMachine()
        var generator = SeededGenerator(seed: seed)
        machine.update(view: view(), now: t0, using: &generator)
        return machine
    }

    @Test func samplesTwentyGuardsFromTheGuardSet() {
        let machine = Self.sampledState()
        // 40 guards: the 20 % share is 8, below the minimum filtered sample of 20.
        #expect(machine.parameters.maximumSample(guardCount: 40) == 20)
        #expect(machine.sampledGuards.count == 20)
        let guardIdentities = Set((1...40).map(NetworkFixtures.fingerprint))
        #expect(machine.sampledGuards.allSatisfy { guardIdentities.contains($0.identity) })
        #expect(Set(machine.sampledGuards.map(\.identity)).count == 20)
        let lifetimeTenth = GuardParameters().guardLifetime / 10
        #expect(machine.sampledGuards.allSatisfy { $0.sampledOn <= Self.t0 && $0.sampledOn >= Self.t0 - lifetimeTenth })
        #expect(machine.sampledGuards.allSatisfy { $0.isListed && $0.sampledBy == "TorSwift" && $0.reachability == .maybe })
        // Primary guards: the first three in sample order while none is confirmed.
        #expect(machine.primaryGuards == machine.sampledGuards.prefix(3).map(\.identity))
    }

    @Test func samplingFollowsGuardWeightsAndNeedsEveryGuardFlag() {
        // Guard 1 lacks Stable, guard 2 V2Dir: neither is in {GUARDS}. Guards 3, 6 and 7 weigh
        // nothing, so they are sampled only after guards 4 and 5 (by chance, on every one of 20
        // seeds, with probability 1/10^20).
        let relays = [
            NetworkFixtures.relay(1, flags: Self.guardFlags.subtracting(.stable), bandwidth: 1_000_000),
            NetworkFixtures.relay(2, flags: Self.guardFlags.subtracting(.v2Dir), bandwidth: 1_000_000),
            NetworkFixtures.relay(3, flags: Self.guardFlags, bandwidth: 0),
            NetworkFixtures.relay(4, flags: Self.guardFlags), NetworkFixtures.relay(5, flags: Self.guardFlags),
            NetworkFixtures.relay(6, flags: Self.guardFlags, bandwidth: 0), NetworkFixtures.relay(7, flags: Self.guardFlags, bandwidth: nil),
        ]
        for seed in UInt64(1)...20 {
            var generator = SeededGenerator(seed: seed)
            var machine = GuardStateMachine()
            machine.update(view: NetworkFixtures.syntheticView(relays), now: Self.t0, using: &generator)
            #expect(Set(machine.sampledGuards.map(\.identity)) == Set([3, 4, 5, 6, 7].map(NetworkFixtures.fingerprint)))
            #expect(Set(machine.sampledGuards.prefix(2).map(\.identity)) == [NetworkFixtures.fingerprint(4), NetworkFixtures.fingerprint(5)])
        }
    }

    @Test func circuitsUseTheFirstPrimaryAndDirectoryFetchesTheFirstThree() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 3)
        let primaries = machine.primaryGuards
        for _ in 0..<50 {
            let selection = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
            #expect(selection.identity == primaries[0] && selection.usability == .usableOnCompletion)
            #expect(selection.relay?.rsaIdentity == primaries[0])
        }
        let directoryGuards = try tally(300) {
            try machine.chooseGuard(for: .directory, restrictions: Self.restrictions, now: Self.t0, using: &generator).identity
        }
        #expect(Set(directoryGuards.keys) == Set(primaries))
        #expect(machine.sampledGuard(primaries[0])?.lastTriedConnect == Self.t0)
    }

    @Test func aConflictWithTheExitSkipsToTheNextPrimary() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 4)
        let first = try #require(machine.primaryGuards.first)
        // An exit in the first primary's /16 rules it out for this circuit only.
        let firstRelay = try #require(Self.view().relay(rsaIdentity: first))
        let neighbour = NetworkFixtures.relay(60, flags: NetworkFixtures.circuitFlags.union(.exit),
                                              address: IPv4Address(rawValue: firstRelay.address.rawValue + 1))
        let selection = try machine.chooseGuard(for: .circuit, avoiding: [neighbour], restrictions: Self.restrictions, now: Self.t0, using: &generator)
        #expect(selection.identity == machine.primaryGuards[1] && selection.usability == .usableOnCompletion)
        #expect(try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator).identity == first)
    }

    @Test func failedPrimariesGiveWayToPendingNonPrimaryGuards() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 5)
        let primaries = machine.primaryGuards
        for (offset, primary) in primaries.enumerated() {
            let selection = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
            #expect(selection.identity == primary, "attempt \(offset)")
            machine.recordFailure(primary, now: Self.t0)
            #expect(machine.sampledGuard(primary)?.reachability == .no)
        }
        // All primaries down: the first usable guard in sample order, marked pending; the next
        // attempt takes another, not-yet-pending guard.
        let fourth = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        #expect(fourth.identity == machine.sampledGuards[3].identity && fourth.usability == .usableIfNoBetterGuard)
        #expect(machine.sampledGuard(fourth.identity)?.isPending == true)
        let fifth = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        #expect(fifth.identity == machine.sampledGuards[4].identity)
    }

    @Test func aFailedPrimaryIsRetriedOnTheScheduleWithInjectedTime() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 6)
        let primaries = machine.primaryGuards
        // Only the first primary is down; circuits move to the second.
        _ = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        machine.recordFailure(primaries[0], now: Self.t0)
        let nineMinutes = Self.t0 + 9 * 60
        #expect(try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: nineMinutes, using: &generator).identity == primaries[1])
        // Ten minutes after the last attempt (guard-spec A.1: every 10 minutes for 6 hours).
        let tenMinutes = Self.t0 + 10 * 60
        #expect(try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: tenMinutes, using: &generator).identity == primaries[0])
        // Failing again seven hours after the first failure: the next retry is 90 minutes on.
        let sevenHours = Self.t0 + 7 * 3600
        _ = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: sevenHours, using: &generator)
        machine.recordFailure(primaries[0], now: sevenHours)
        machine.markDueRetries(now: sevenHours + 89 * 60)
        #expect(machine.sampledGuard(primaries[0])?.reachability == .no)
        machine.markDueRetries(now: sevenHours + 90 * 60)
        #expect(machine.sampledGuard(primaries[0])?.reachability == .maybe)
        #expect(machine.sampledGuard(primaries[0])?.failingSince == Self.t0, "failing_since holds until a success")
    }

    @Test func aNonPrimaryGuardWaitsAnHour() throws {
        var machine = Self.sampledState()
        let nonPrimary = machine.sampledGuards[10].identity
        machine.recordFailure(nonPrimary, now: Self.t0)
        machine.markDueRetries(now: Self.t0 + 3599)
        #expect(machine.sampledGuard(nonPrimary)?.reachability == .no)
        machine.markDueRetries(now: Self.t0 + 3600)
        #expect(machine.sampledGuard(nonPrimary)?.reachability == .maybe)
    }

    @Test func afterAnOutageANonPrimaryCircuitWaitsAndThePrimariesGetAnotherChance() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 7)
        for primary in machine.primaryGuards { machine.recordFailure(primary, now: Self.t0) }
        let selection = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        // Never online before (last_time_on_internet starts "infinitely far in the past").
        #expect(machine.recordSuccess(selection.identity, usability: selection.usability, now: Self.t0 + 1, using: &generator) == .waitForBetterGuard)
        #expect(machine.primaryGuards.allSatisfy { machine.sampledGuard($0)?.reachability == .maybe })
        let waiting = try #require(machine.sampledGuard(selection.identity))
        #expect(waiting.reachability == .yes && !waiting.isPending && !waiting.isConfirmed, "not confirmed before it carries traffic")
        #expect(machine.lastTimeOnInternet == Self.t0 + 1)
    }

    @Test func confirmingANonPrimaryGuardMakesItPrimary() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 7)
        let (a, b) = (machine.primaryGuards[0], machine.primaryGuards[1])
        let first = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        #expect(machine.recordSuccess(first.identity, usability: first.usability, now: Self.t0, using: &generator) == .useNow)
        #expect(machine.confirmedGuards == [a])
        for primary in machine.primaryGuards { machine.recordFailure(primary, now: Self.t0 + 10) }
        let selection = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0 + 10, using: &generator)
        #expect(selection.usability == .usableIfNoBetterGuard)
        // Online 20 s ago, every primary down, nothing better pending: use it now.
        #expect(machine.recordSuccess(selection.identity, usability: selection.usability, now: Self.t0 + 20, using: &generator) == .useNow)
        #expect(machine.confirmedGuards == [a, selection.identity])
        let confirmed = try #require(machine.sampledGuard(selection.identity))
        #expect(confirmed.confirmedIndex == 1 && confirmed.reachability == .yes && !confirmed.isPending)
        #expect(try #require(confirmed.confirmedOn) >= Self.t0 + 20 - GuardParameters().guardLifetime / 10)
        // guard-spec 4.4: confirmed guards first, then the earlier unconfirmed primaries.
        #expect(machine.primaryGuards == [a, selection.identity, b])
    }

    @Test func aWaitingCircuitIsUsedOnceNothingBetterCanWork() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 8)
        // Online a minute ago through a primary that then failed, like the other two.
        let first = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        #expect(machine.recordSuccess(first.identity, usability: first.usability, now: Self.t0, using: &generator) == .useNow)
        for primary in machine.primaryGuards { machine.recordFailure(primary, now: Self.t0 + 30) }
        let better = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0 + 40, using: &generator)
        let worse = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0 + 41, using: &generator)
        #expect(better.usability == .usableIfNoBetterGuard && worse.usability == .usableIfNoBetterGuard)
        // The worse guard's circuit completes first: the better one is pending (tried 2 s ago).
        #expect(machine.recordSuccess(worse.identity, usability: worse.usability, now: Self.t0 + 42, using: &generator) == .waitForBetterGuard)
        #expect(machine.sampledGuard(worse.identity)?.isConfirmed == false)
        // After the connect timeout (15 s) the pending guard no longer blocks it.
        #expect(!machine.mayUseWaitingCircuit(through: worse.identity, now: Self.t0 + 40 + 15))
        #expect(machine.mayUseWaitingCircuit(through: worse.identity, now: Self.t0 + 40 + 16))
        // If the better guard fails, nothing blocks the circuit either; using it confirms the guard.
        machine.recordFailure(better.identity, now: Self.t0 + 43)
        #expect(machine.promoteWaitingCircuit(through: worse.identity, now: Self.t0 + 43, using: &generator))
        #expect(machine.confirmedGuards.last == worse.identity)
    }

    @Test func whenEveryGuardIsDownAllAreTriedAgain() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 9)
        // 40 guards in the view; fail every sampled one, and every newly sampled one too.
        for _ in 0..<60 {
            guard let down = machine.sampledGuards.first(where: { $0.reachability != .no }) else { break }
            machine.recordFailure(down.identity, now: Self.t0)
            machine.expandSample(now: Self.t0, using: &generator)
        }
        #expect(machine.sampledGuards.allSatisfy { $0.reachability == .no })
        let selection = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0 + 1, using: &generator)
        #expect(selection.identity == machine.primaryGuards[0])
        #expect(machine.sampledGuards.allSatisfy { $0.reachability == .maybe })
    }

    @Test func unlistedGuardsLeaveThePrimariesAndExpire() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 10)
        let first = machine.primaryGuards[0]
        let firstNumber = try #require((1...40).first { NetworkFixtures.fingerprint($0) == first })
        let without = Self.view(guards: 1...40, extra: []).relays.filter { $0.rsaIdentity != first }
        let laterView = NetworkFixtures.syntheticView(without, now: Self.t0 + 3600)
        machine.update(view: laterView, now: Self.t0 + 3600, using: &generator)
        let unlisted = try #require(machine.sampledGuard(first))
        #expect(!unlisted.isListed && !machine.primaryGuards.contains(first))
        let since = try #require(unlisted.unlistedSince)
        #expect(since <= Self.t0 + 3600 && since >= Self.t0 + 3600 - GuardParameters().removeUnlistedGuardsAfter / 5)
        let primariesWhileUnlisted = machine.primaryGuards
        #expect(primariesWhileUnlisted == Array(machine.sampledGuards.filter(\.isListed).prefix(3).map(\.identity)))
        // Listed again, but guard-spec 4.4 keeps the primaries that replaced it: only a
        // confirmed guard displaces a primary.
        machine.update(view: Self.view(now: Self.t0 + 7200), now: Self.t0 + 7200, using: &generator)
        #expect(machine.sampledGuard(first)?.isListed == true && machine.sampledGuard(first)?.unlistedSince == nil)
        #expect(machine.primaryGuards == primariesWhileUnlisted)
        // Unlisted for more than 20 days (with a live consensus): removed.
        let later = Self.t0 + 30 * 86_400
        machine.update(view: NetworkFixtures.syntheticView(without, now: later), now: later, using: &generator)
        let farLater = later + 21 * 86_400
        machine.update(view: NetworkFixtures.syntheticView(without, now: farLater), now: farLater, using: &generator)
        #expect(machine.sampledGuard(first) == nil, "guard \(firstNumber) should be gone")
    }

    @Test func guardsPastTheirLifetimeExpireUnlessRecentlyConfirmed() {
        let old = Self.t0 - 121 * 86_400
        let guards = [
            SampledGuard(identity: NetworkFixtures.fingerprint(1), sampledOn: old),
            SampledGuard(identity: NetworkFixtures.fingerprint(2), sampledOn: old, confirmedOn: Self.t0 - 59 * 86_400, confirmedIndex: 0),
            SampledGuard(identity: NetworkFixtures.fingerprint(3), sampledOn: old, confirmedOn: Self.t0 - 61 * 86_400, confirmedIndex: 1),
            SampledGuard(identity: NetworkFixtures.fingerprint(4), sampledOn: Self.t0 - 119 * 86_400),
        ]
        var machine = GuardStateMachine(restoring: guards)
        var generator = SeededGenerator(seed: 11)
        machine.update(view: Self.view(), now: Self.t0, using: &generator)
        let kept = Set(machine.sampledGuards.prefix(2).map(\.identity))
        #expect(kept == [NetworkFixtures.fingerprint(2), NetworkFixtures.fingerprint(4)])
        #expect(machine.confirmedGuards.first == NetworkFixtures.fingerprint(2))
        #expect(machine.sampledGuard(NetworkFixtures.fingerprint(2))?.confirmedIndex == 0)
    }

    @Test func noConsensusNoGuard() {
        var machine = GuardStateMachine(restoring: [SampledGuard(identity: NetworkFixtures.fingerprint(1), sampledOn: Self.t0)])
        var generator = SeededGenerator(seed: 12)
        expectDirectoryError(.guardNoConsensus) {
            try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        }
    }

    @Test func aPrimaryGuardWithoutItsMicrodescriptorServesOnlyDirectoryFetches() throws {
        // The real fixture: {GUARDS} are auth1, relay1, relay2 and auth2 (Guard, Stable, Fast,
        // V2Dir); auth1 and auth2 weigh 0, so relay1 and relay2 are sampled first.
        var descriptors = try NetworkFixtures.microdescriptors()
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        var generator = SeededGenerator(seed: 13)
        var machine = GuardStateMachine()
        machine.update(view: try NetworkFixtures.realView(), now: Fixtures.now, using: &generator)
        let names = Dictionary(uniqueKeysWithValues: try NetworkFixtures.realView().relays.map { ($0.rsaIdentity, $0.nickname) })
        #expect(Set(machine.sampledGuards.prefix(2).compactMap { names[$0.identity] }) == ["relay1", "relay2"])
        #expect(Set(machine.sampledGuards.compactMap { names[$0.identity] }) == ["auth1", "relay1", "relay2", "auth2"])
        let first = try #require(names[machine.primaryGuards[0]])
        let status = try #require(consensus.routers.first { $0.nickname == first })
        descriptors[status.microdescriptorDigest] = nil
        let view = try NetworkFixtures.view(consensusText: Fixtures.text("consensus-microdesc"), microdescriptors: descriptors)
        machine.update(view: view, now: Fixtures.now, using: &generator)
        #expect(names[machine.primaryGuards[0]] == first, "a missing microdescriptor does not unlist a guard")
        expectDirectoryError(.guardMissingDescriptor) {
            try machine.chooseGuard(for: .circuit, restrictions: PathRestrictions(enforceDistinctSubnets: false), now: Fixtures.now, using: &generator)
        }
        let directory = try tally(100) {
            try machine.chooseGuard(for: .directory, restrictions: Self.restrictions, now: Fixtures.now, using: &generator)
        }
        let withoutDescriptor = try #require(directory.keys.first { names[$0.identity] == first })
        #expect(withoutDescriptor.relay == nil && withoutDescriptor.address == IPv4Address(127, 0, 0, 1) && withoutDescriptor.orPort == status.orPort)
    }

    @Test func droppingAllGuardsForgetsConfirmedOnesAndSamplesAnew() throws {
        var machine = Self.sampledState()
        var generator = SeededGenerator(seed: 9)
        let first = try machine.chooseGuard(for: .circuit, restrictions: Self.restrictions, now: Self.t0, using: &generator)
        #expect(machine.recordSuccess(first.identity, usability: first.usability, now: Self.t0, using: &generator) == .useNow)
        #expect(machine.confirmedGuards == [first.identity])
        machine.dropAllGuards(now: Self.t0 + 60, using: &generator)
        #expect(machine.confirmedGuards.isEmpty)
        #expect(machine.sampledGuards.count == 20, "sampled anew up to the same size")
        #expect(machine.sampledGuards.allSatisfy { !$0.isConfirmed && $0.reachability == .maybe && $0.sampledOn <= Self.t0 + 60 })
        #expect(machine.primaryGuards == machine.sampledGuards.prefix(3).map(\.identity))
    }
}
