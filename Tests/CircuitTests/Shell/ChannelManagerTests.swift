import NIOCore
import NIOEmbedded
import Synchronization
import Testing
import TorCore
@testable import Circuit

/// The channel pool with channels that are `NIOAsyncTestingChannel`s and a clock the test moves.
@Suite(.timeLimit(.minutes(1))) struct ChannelManagerTests {
    let relays = (0..<2).map { SimulatedRelay(port: UInt16(9100 + $0)).target() }

    /// Opens connected testing channels with the circuit layer installed, counting the calls.
    final class Opener: Sendable {
        let calls = Mutex(0)
        let gate: Gate?

        init(gate: Gate? = nil) { self.gate = gate }

        func open(_ relay: RelayTarget) async throws -> CircuitChannel {
            calls.withLock { $0 += 1 }
            await gate?.wait()
            let channel = NIOAsyncTestingChannel()
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: Int(relay.orPort)))
            return try await CircuitChannel.install(on: channel, relay: relay, linkProtocol: 5).get()
        }
    }

    func manager(
        _ opener: Opener, pooling: Bool = true, clock: TestClock = TestClock()
    ) -> ChannelManager {
        ChannelManager(
            settings: ChannelPoolSettings(isPoolingEnabled: pooling, maximumIdle: .seconds(300), maximumLife: .seconds(3600)),
            clock: clock, opener: { try await opener.open($0) })
    }

    /// Registers a circuit on `channel` (as a build would), returning it bound to its loop.
    func makeCircuit(on channel: CircuitChannel) async throws -> NIOLoopBound<TorCircuit> {
        let loop = channel.channel.eventLoop
        return try await loop.submit { NIOLoopBound(try channel.mux.value.makeCircuit(), eventLoop: loop) }.get()
    }

    /// Waits until everything already sent to the channel's loop ran (a close, for instance).
    func settle(_ channel: CircuitChannel) async throws {
        try await channel.channel.eventLoop.submit {}.get()
    }

    func close(_ circuit: NIOLoopBound<TorCircuit>) async throws {
        try await circuit.eventLoop.submit { circuit.value.close() }.get()
    }

    @Test func poolingSharesOneChannelPerRelay() async throws {
        let opener = Opener()
        let channels = manager(opener)
        let first = try await channels.channel(to: relays[0])
        let again = try await channels.channel(to: relays[0])
        let other = try await channels.channel(to: relays[1])
        #expect(first.channel === again.channel)
        #expect(first.channel !== other.channel)
        #expect(opener.calls.withLock { $0 } == 2)
        #expect(await channels.channelCount == 2)
    }

    @Test func concurrentRequestsShareOneOpening() async throws {
        let gate = Gate()
        let opener = Opener(gate: gate)
        let channels = manager(opener)
        async let first = channels.channel(to: relays[0])
        async let second = channels.channel(to: relays[0])
        try await gate.whenWaiting()
        await gate.open()
        let (a, b) = try await (first, second)
        #expect(a.channel === b.channel)
        #expect(opener.calls.withLock { $0 } == 1)
    }

    @Test func withoutPoolingEveryRequestOpensAChannel() async throws {
        let opener = Opener()
        let channels = manager(opener, pooling: false)
        let first = try await channels.channel(to: relays[0])
        let second = try await channels.channel(to: relays[0])
        #expect(first.channel !== second.channel)
        // Once its circuit is gone, an unpooled channel closes at the next sweep.
        let circuit = try await makeCircuit(on: first)
        await channels.sweep()
        try await settle(first)
        #expect(first.isActive)
        try await close(circuit)
        await channels.sweep()
        try await first.channel.closeFuture.get()
        try await settle(second)
        #expect(second.isActive, "the unused one waits for ConnectionPoolMaxIdle")
    }

    @Test func anIdleChannelClosesAfterConnectionPoolMaxIdle() async throws {
        let clock = TestClock()
        let channels = manager(Opener(), clock: clock)
        let channel = try await channels.channel(to: relays[0])
        await channels.sweep()
        clock.advance(by: .seconds(299))
        await channels.sweep()
        try await settle(channel)
        #expect(channel.isActive)
        clock.advance(by: .seconds(1))
        await channels.sweep()
        try await channel.channel.closeFuture.get()
        #expect(await channels.channelCount == 0)
    }

    @Test func aChannelCarryingACircuitIsNeverIdle() async throws {
        let clock = TestClock()
        let channels = manager(Opener(), clock: clock)
        let channel = try await channels.channel(to: relays[0])
        _ = try await makeCircuit(on: channel)
        await channels.sweep()
        clock.advance(by: .seconds(1000))
        await channels.sweep()
        try await settle(channel)
        #expect(channel.isActive)
    }

    @Test func anOldChannelGetsNoNewCircuitsAndClosesWhenIdle() async throws {
        let clock = TestClock()
        let opener = Opener()
        let channels = manager(opener, clock: clock)
        let old = try await channels.channel(to: relays[0])
        let circuit = try await makeCircuit(on: old)
        clock.advance(by: .seconds(3600))
        let fresh = try await channels.channel(to: relays[0])
        #expect(fresh.channel !== old.channel)
        await channels.sweep()
        try await settle(old)
        #expect(old.isActive, "its circuit still runs")
        try await close(circuit)
        await channels.sweep()
        try await old.channel.closeFuture.get()
        try await settle(fresh)
        #expect(fresh.isActive)
    }

    @Test func aClosedChannelIsReplaced() async throws {
        let opener = Opener()
        let channels = manager(opener)
        let first = try await channels.channel(to: relays[0])
        try await first.channel.close()
        let second = try await channels.channel(to: relays[0])
        #expect(second.channel !== first.channel)
        #expect(opener.calls.withLock { $0 } == 2)
    }

    @Test func settingsComeFromTheTorrcsReloadableOptions() {
        var reloadable = ReloadableSettings()
        reloadable.enableConnectionPooling = false
        reloadable.connectionPoolMaxIdle = .seconds(60)
        reloadable.connectionPoolMaxLife = .seconds(30)
        let settings = ChannelPoolSettings(reloadable)
        #expect(!settings.isPoolingEnabled)
        #expect(settings.maximumIdle == .seconds(60))
        #expect(settings.maximumLife == .seconds(60), "never below the idle limit")
    }
}

/// A ResilienceClock the test moves by hand; sleeping is not supported.
final class TestClock: ResilienceClock {
    private let offset = Mutex(Duration.zero)

    func now() -> ResilienceInstant { ResilienceInstant(offset: offset.withLock { $0 }) }

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }

    func sleep(for duration: Duration) async throws {
        throw CircuitError("test.clock", kind: .internalFailure, "TestClock cannot sleep")
    }
}

/// Holds callers until opened; says when someone waits.
actor Gate {
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false

    func wait() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    /// Returns once a caller waits (bounded: at most 10 000 scheduler turns).
    nonisolated func whenWaiting() async throws {
        for _ in 0..<10_000 {
            if await !self.waiters.isEmpty { return }
            await Task.yield()
        }
        throw CircuitError("test.gate", kind: .internalFailure, "nobody reached the gate")
    }
}
