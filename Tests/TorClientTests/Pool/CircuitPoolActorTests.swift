import Circuit
import Synchronization
import Testing
import TorCore
@testable import TorClient

/// The pool actor's paths that need no network: builds that fail or hang, deadlines,
/// cancellation, shutdown. (Built circuits are exercised against real relays in
/// IntegrationTests/Pool.) Deadlines here are a few hundred milliseconds of real time.
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
        for _ in 0..<10_000 {
            if await !pool.snapshot().isEmpty { break }
            await Task.yield()
        }
        try #require(await !pool.snapshot().isEmpty)
    }

    static func settings(timeout: Duration = .seconds(60)) -> CircuitPoolSettings {
        CircuitPoolSettings(buildTimeout: timeout, minimumSize: 0, isPrebuildingEnabled: false)
    }

    @Test func aStreamWhoseBuildsKeepFailingTimesOutWithTheLastFailure() async throws {
        let source = StubSource(hangs: false)
        let pool = CircuitPool(settings: Self.settings(), source: source)
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }
        let error = await #expect(throws: TorClientError.self) {
            try await pool.circuit(forPort: 80, isolation: PoolTest.key(), timeout: .milliseconds(900))
        }
        #expect(error?.code == .poolTimedOut)
        #expect(error?.kind == .resource)
        #expect(error?.reason.contains("no exit allows the port") == true)
        #expect(source.callCount >= 2, "a failed build is retried within the deadline")
        #expect(source.callCount <= 4, "retries back off")
        #expect(await pool.snapshot().isEmpty)
    }

    @Test func aBuildPastCircuitBuildTimeoutIsAbandonedWithATimeoutEvent() async throws {
        let source = StubSource(hangs: true)
        let pool = CircuitPool(settings: Self.settings(timeout: .milliseconds(200)), source: source)
        let events = await pool.events()
        let maintenance = Task { await pool.run() }
        defer { maintenance.cancel() }
        await #expect(throws: TorClientError.self) {
            try await pool.circuit(forPort: 443, isolation: PoolTest.key(), timeout: .milliseconds(600))
        }
        await pool.shutdown()
        var statuses: [(CircuitStatus, CircuitCloseReason?)] = []
        for await event in events where event.id == CircuitPoolID(rawValue: 1) {
            statuses.append((event.status, event.reason))
        }
        #expect(statuses.map(\.0) == [.launched, .failed, .closed])
        #expect(statuses.last?.1 == .timeout)
        #expect(source.callCount >= 2, "the abandoned build was replaced")
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
