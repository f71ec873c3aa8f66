import Testing
@testable import TorCore

@Suite struct CircuitBreakerRegistryTests {
    static let oneStrike = CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(10))

    @Test func breakersAreCreatedOncePerKey() async {
        let registry = CircuitBreakerRegistry<String>(policy: Self.oneStrike, clock: ManualClock())
        let first = await registry.breaker(for: "AAAA")
        let again = await registry.breaker(for: "AAAA")
        let other = await registry.breaker(for: "BBBB")
        #expect(first === again)
        #expect(first !== other)
        #expect(first.target == "AAAA")
        #expect(first.policy == Self.oneStrike)
        #expect(Set(await registry.keys) == ["AAAA", "BBBB"])
        await registry.remove("AAAA")
        #expect(await registry.keys == ["BBBB"])
        #expect(await registry.breaker(for: "AAAA") !== first)
    }

    @Test func isOpenFollowsTheBreakerAndItsCooldown() async {
        let clock = ManualClock()
        let registry = CircuitBreakerRegistry<String>(policy: Self.oneStrike, clock: clock)
        #expect(await registry.isOpen("AAAA") == false)
        let breaker = await registry.breaker(for: "AAAA")
        _ = try? await breaker.run { () async throws -> Int in throw TransientFailure() }
        #expect(await registry.isOpen("AAAA"))
        #expect(await registry.isOpen("BBBB") == false)
        clock.advance(by: .seconds(10))
        #expect(await registry.isOpen("AAAA") == false)
    }

    @Test func snapshotAndObserverCarryTheKeys() async throws {
        let clock = ManualClock()
        let changes = Recorder<String>()
        let registry = CircuitBreakerRegistry<Int>(
            policy: Self.oneStrike, clock: clock,
            observer: { key, change in changes.append("\(key): \(change.from)->\(change.to)") })
        _ = try await registry.breaker(for: 1).run { 1 }
        _ = try? await registry.breaker(for: 2).run { () async throws -> Int in throw TransientFailure() }
        let snapshot = await registry.snapshot()
        #expect(snapshot.count == 2)
        #expect(snapshot[1]?.state == .closed && snapshot[1]?.totalSuccesses == 1)
        #expect(snapshot[2]?.state == .open && snapshot[2]?.totalFailures == 1)
        #expect(changes.values == ["2: closed->open"])
        clock.advance(by: .seconds(10))
        #expect(await registry.snapshot()[2]?.state == .halfOpen)
        #expect(changes.values == ["2: closed->open", "2: open->halfOpen"])
    }
}
