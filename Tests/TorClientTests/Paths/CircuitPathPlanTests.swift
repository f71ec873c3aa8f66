import Circuit
import Directory
import Testing
import TorClient
import TorCore

/// The path plan the circuit source hands the builder: exit choice for a predicted circuit,
/// alternates that never conflict, relays skipped by their breakers.
@Suite struct CircuitPathPlanTests {
    @Test func aPredictedCircuitTakesAnExitAllowingBothHTTPSAndHTTP() throws {
        // The HTTPS-only exit weighs 100 times more: only the two-port rule keeps it out.
        let httpsOnly = PathsFixtures.relay(1, flags: PathsFixtures.exitFlags, bandwidth: 100_000, ports: [443...443])
        let both = PathsFixtures.relay(2, flags: PathsFixtures.exitFlags, bandwidth: 1000, ports: [80...80, 443...443])
        let selector = PathsFixtures.selector([httpsOnly, both, PathsFixtures.relay(3)])
        var random = SeededRandom(seed: 1)
        for _ in 0..<200 {
            let exit = try CircuitPathPlan.chooseExit(forPort: nil, selector: selector, using: &random)
            #expect(exit == both)
        }
    }

    @Test func aPredictedCircuitFallsBackToAnExitForEitherPort() throws {
        let httpsOnly = PathsFixtures.relay(1, flags: PathsFixtures.exitFlags, ports: [443...443])
        let httpOnly = PathsFixtures.relay(2, flags: PathsFixtures.exitFlags, ports: [80...80])
        let selector = PathsFixtures.selector([httpsOnly, httpOnly, PathsFixtures.relay(3)])
        var random = SeededRandom(seed: 2)
        let exit = try CircuitPathPlan.chooseExit(forPort: nil, selector: selector, using: &random)
        #expect(exit == httpsOnly, "443 is tried before 80")
    }

    @Test func noExitForAPredictedCircuitThrowsNoExitForPort() {
        let selector = PathsFixtures.selector([PathsFixtures.relay(1), PathsFixtures.relay(2)])
        var random = SeededRandom(seed: 3)
        let error = #expect(throws: DirectoryError.self) {
            _ = try CircuitPathPlan.chooseExit(forPort: nil, selector: selector, using: &random)
        }
        #expect(error?.code == .pathNoExitForPort)
    }

    @Test func anExplicitPortNeedsAnExitAllowingIt() throws {
        let https = PathsFixtures.relay(1, flags: PathsFixtures.exitFlags, ports: [443...443])
        let ssh = PathsFixtures.relay(2, flags: PathsFixtures.exitFlags, ports: [22...22])
        let selector = PathsFixtures.selector([https, ssh, PathsFixtures.relay(3)])
        var random = SeededRandom(seed: 4)
        for _ in 0..<50 {
            #expect(try CircuitPathPlan.chooseExit(forPort: 22, selector: selector, using: &random) == ssh)
        }
    }

    @Test func noMiddleOrExitOfAPlanConflictsWithAnyRelayItMayShareACircuitWith() throws {
        // Families pair 3-4, 5-6, 7-8 and 9-10 (both sides declare), across middles and exits.
        var relays = [PathsFixtures.relay(1, flags: PathsFixtures.guardFlags), PathsFixtures.relay(2, flags: PathsFixtures.exitFlags)]
        for first in stride(from: 3, through: 9, by: 2) {
            let second = first + 1
            relays.append(PathsFixtures.relay(first, flags: first > 6 ? PathsFixtures.exitFlags : PathsFixtures.circuitFlags,
                                              family: [PathsFixtures.fingerprint(second)]))
            relays.append(PathsFixtures.relay(second, flags: PathsFixtures.exitFlags, family: [PathsFixtures.fingerprint(first)]))
        }
        for number in 11...16 { relays.append(PathsFixtures.relay(number, flags: number.isMultiple(of: 2) ? PathsFixtures.exitFlags : PathsFixtures.circuitFlags)) }
        let selector = PathsFixtures.selector(relays)
        let restrictions = selector.restrictions
        var random = SeededRandom(seed: 5)
        var sawAlternates = false
        for _ in 0..<300 {
            let exit = try CircuitPathPlan.chooseExit(forPort: 443, selector: selector, using: &random)
            let entry = relays[0]
            let plan = try CircuitPathPlan.plan(entry: entry, exit: exit, exitPort: 443, selector: selector, using: &random)
            #expect(plan.exits.first == exit)
            #expect(plan.middles.count <= CircuitPathPlan.candidatesPerPosition)
            #expect(plan.exits.count <= CircuitPathPlan.candidatesPerPosition)
            sawAlternates = sawAlternates || (plan.middles.count > 1 && plan.exits.count > 1)
            for middle in plan.middles {
                for last in plan.exits {
                    #expect(!restrictions.conflict(entry, middle) && !restrictions.conflict(entry, last)
                        && !restrictions.conflict(middle, last), "\(entry) \(middle) \(last) conflict")
                    #expect(last.allowsExit(toPort: 443))
                }
            }
        }
        #expect(sawAlternates)
    }

    @Test func relaysWhoseBreakerIsOpenAreNeverPlanned() throws {
        let relays = [PathsFixtures.relay(1, flags: PathsFixtures.guardFlags)]
            + (2...6).map { PathsFixtures.relay($0, flags: PathsFixtures.exitFlags) }
            + (7...12).map { PathsFixtures.relay($0) }
        let open: Set<String> = [relays[2].breakerKey, relays[7].breakerKey]
        var selector = PathsFixtures.selector(relays)
        selector.isUsable = { !open.contains($0.breakerKey) }
        var random = SeededRandom(seed: 6)
        for _ in 0..<200 {
            let exit = try CircuitPathPlan.chooseExit(forPort: 80, selector: selector, using: &random)
            let plan = try CircuitPathPlan.plan(entry: relays[0], exit: exit, exitPort: 80, selector: selector, using: &random)
            #expect((plan.middles + plan.exits).allSatisfy { !open.contains($0.breakerKey) })
        }
    }

    @Test func aPlanWithoutAnyMiddleThrowsNoRelay() throws {
        let entry = PathsFixtures.relay(1, flags: PathsFixtures.guardFlags)
        let exit = PathsFixtures.relay(2, flags: PathsFixtures.exitFlags)
        let selector = PathsFixtures.selector([entry, exit])
        var random = SeededRandom(seed: 7)
        let error = #expect(throws: DirectoryError.self) {
            _ = try CircuitPathPlan.plan(entry: entry, exit: exit, exitPort: 80, selector: selector, using: &random)
        }
        #expect(error?.code == .pathNoRelay)
    }

    @Test func aRelayBecomesTheTargetTheBuilderExtendsTo() throws {
        let relay = PathsFixtures.relay(42, flags: PathsFixtures.exitFlags)
        let target = try RelayTarget(relay: relay)
        #expect(target.address == relay.address)
        #expect(target.orPort == relay.orPort)
        #expect(target.rsaIdentity == relay.rsaIdentity.bytes)
        #expect(target.ed25519Identity == relay.ed25519Identity)
        #expect(target.ntorOnionKey == relay.ntorOnionKey)
        #expect(target.fingerprint == relay.breakerKey)
        #expect(relay.breakerKey == String(repeating: "2A", count: 20))
    }
}
