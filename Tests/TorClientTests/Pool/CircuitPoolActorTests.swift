import Circuit
import Synchronization
import Testing
import TorCore
@testable import TorClient

/// The pool actor's paths that need no network: builds that fail or hang, deadlines,
/// cancellation, shutdown. (Built circuits are exercised against real relays in
/// IntegrationTests/Pool.) Time is an injected clock wherever timing matters.
@Suite struct CircuitPoolActorTests {
    struct NoPath: Error, CustomStringConvertible {
        var description: String { "no exit allows the port" }
    }

    /// A source whose every build fails at once, or never finishes until cancelled.
    final class StubSource: CircuitSource {
        let hangs: Bool
        private let calls = Mutex(0)
        init(hangs: Bool) { self.hangs = hangs }
        var callCount: Int { calls.withLock { $0 } }

        func buildCircuit(exitPort: UInt16?) async throws -> BuiltCircuit {
            calls.withLock { $0 += 1 }
            if hangs { try await Task.sleep(for: .seconds(600)) }
            throw NoPath()
        }
    }

    /// Waits (bounded) until the pool has launched a build.
    static func waitForLaunch(_ pool: CircuitPool) async throws {
        try await settle("a build was launched") { await !pool.snapshot().isEmpty }
    }

    /// True once `builds` builds have failed and the pool has taken the last failure in:
    /// nothing building, and only the deadline and retry timers waiting.
    static func failed(_ builds: Int, _ source: StubSource, _ pool: CircuitPool, _ clock: PoolManualClock) async -> Bool {
        // The pool first: once it has taken the failure in, the old timer is gone for good.
        guard await pool.snapshot().isEmpty else { return false }
        return source.callCount == builds && clock.sleeperCount == 2
    }

    static func settings(timeout: Duration = .seconds(60)) -> CircuitPoolSettings {
        CircuitPoolSettings(buildTimeout: timeout, minimumSize: 0, isPrebuildingEnabled: false)
    }

    /// Builds fail at once: relaunched after 250 ms, then 500 ms more, then the deadline at
    /// 900 ms ends the wait with the last failure's reason (all on an injected clock).
    @Test func aStreamWhoseBuildsKeepFailingIsRetriedThenTimesOutWithTheLastFailure() async throws {
        let clock = PoolManualClock()
        let source = StubSource(hangs: false)
        let pool = CircuitPool(settings: Self.settings(), source: source, clock: clock)
        let waiting = Task {
            try await pool.circuit(forPort: 80, isolation: PoolTest.key(), timeout: .milliseconds(900))
        }
        // The deadline timer and the retry timer.
        try await settle("the first build failed") { await Self.failed(1, source, pool, clock) }
        clock.advance(by: .milliseconds(249))
        try await settle("nothing before the retry delay") { clock.sleeperCount == 2 }
        #expect(source.callCount == 1)
        clock.advance(by: .milliseconds(1))
        try await settle("the second build failed") { await Self.failed(2, source, pool, clock) }
        clock.advance(by: .milliseconds(500))
        try await settle("the third build failed") { await Self.failed(3, source, pool, clock) }
        clock.advance(by: .milliseconds(150))
        let error = await #expect(throws: TorClientError.self) { try await waiting.value }
        #expect(error?.code == .poolTimedOut)
        #expect(error?.kind == .resource)
        #expect(error?.reason.contains("no exit allows the port") == true)
        #expect(source.callCount == 3)
        #expect(await pool.snapshot().isEmpty)
        await pool.shutdown()
    }

    /// A build still running at CircuitBuildTimeout is abandoned (FAILED then CLOSED with
    /// TIMEOUT, as tor reports it) and replaced after the retry delay.
    @Test func aBuildPastCircuitBuildTimeoutIsAbandonedWithATimeoutEvent() async throws {
        let clock = PoolManualClock()
        let source = StubSource(hangs: true)
        let pool = CircuitPool(settings: Self.settings(timeout: .milliseconds(200)), source: source, clock: clock)
        let events = await pool.events()
        let waiting = Task {
            try await pool.circuit(forPort: 443, isolation: PoolTest.key(), timeout: .seconds(5))
        }
        try await settle("the build started") { source.callCount == 1 && clock.sleeperCount == 2 }
        clock.advance(by: .milliseconds(200))
        try await settle("the build was abandoned") {
            guard await pool.snapshot().isEmpty else { return false }
            return clock.sleeperCount == 2
        }
        clock.advance(by: .milliseconds(250))
        try await settle("a new build started") { source.callCount == 2 }
        #expect(await pool.snapshot().map(\.id) == [CircuitPoolID(rawValue: 2)])
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        await pool.shutdown()
        var statuses: [(CircuitStatus, CircuitCloseReason?)] = []
        for await event in events where event.id == CircuitPoolID(rawValue: 1) {
            statuses.append((event.status, event.reason))
        }
        #expect(statuses.map(\.0) == [.launched, .failed, .closed])
        #expect(statuses.map(\.1) == [nil, .timeout, .timeout])
    }

    @Test func shutdownFailsWaitingStreamsAndRefusesNewOnes() async throws {
        let pool = CircuitPool(settings: Self.settings(), source: StubSource(hangs: true))
        let waiting = Task {
            try await pool.circuit(forPort: 80, isolation: PoolTest.key(), timeout: .seconds(60))
        }
        try await Self.waitForLaunch(pool)
        await pool.shutdown()
        let error = await #expect(throws: TorClientError.self) { try await waiting.value }
        #expect(error?.code == .poolShutDown)
        let again = await #expect(throws: TorClientError.self) {
            try await pool.circuit(forPort: 80, isolation: PoolTest.key(), timeout: .seconds(1))
        }
        #expect(again?.code == .poolShutDown)
    }

    @Test func cancellingAWaitingStreamEndsItsWait() async throws {
        let pool = CircuitPool(settings: Self.settings(), source: StubSource(hangs: true))
        let waiting = Task {
            try await pool.circuit(forPort: 80, isolation: PoolTest.key(), timeout: .seconds(60))
        }
        try await Self.waitForLaunch(pool)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        // The build it started stays, as a clean circuit for whoever comes next.
        #expect(await pool.snapshot().map(\.status) == [.launched])
        await pool.shutdown()
    }

    @Test func settingsFromTheTorrcReachThePool() async throws {
        var reloadable = ReloadableSettings()
        reloadable.circuitPoolMinSize = 6
        reloadable.circuitPoolMaxSize = 3
        reloadable.maxCircuitDirtiness = .seconds(42)
        let settings = CircuitPoolSettings(reloadable)
        #expect(settings.minimumSize == 6)
        #expect(settings.maximumSize == 6)
        #expect(settings.maximumDirtiness == .seconds(42))
        #expect(settings.buildTimeout == .seconds(60))
        #expect(settings.newCircuitPeriod == .seconds(30))
        #expect(settings.isPrebuildingEnabled)
        let pool = CircuitPool(settings: Self.settings(), source: StubSource(hangs: true))
        await pool.update(settings: settings)
        #expect(await pool.settings == settings)
        #expect(await pool.snapshot().count == 6, "a forced round launched the new minimum at once")
        await pool.shutdown()
    }

    @Test func runReturnsWhenCancelledAndAfterShutdown() async throws {
        let pool = CircuitPool(settings: Self.settings(), source: StubSource(hangs: true))
        let maintenance = Task { await pool.run() }
        maintenance.cancel()
        await maintenance.value
        await pool.shutdown()
        // After shutdown run() returns at once even when not cancelled.
        await pool.run()
        #expect(await pool.snapshot().isEmpty)
    }
}
