import Circuit
import FoundationEssentials
import Logging
import TorCore

/// The running client's circuits: hands new streams an open circuit they may share, builds
/// circuits ahead of demand and for waiting streams, and closes them when used up — the I/O
/// shell around ``CircuitPoolStateMachine``, which makes every decision.
///
/// Control plane only: asked once per stream, never per cell. Builds come from a
/// ``CircuitSource``; time from an injected ``TorCore/ResilienceClock``. ``run()`` must be
/// running for build timeouts, dirtiness, prebuild rounds and retries to happen on time.
public actor CircuitPool {
    /// The longest ``run()`` sleeps between two maintenance ticks (C tor checks every second).
    public static let maximumTickInterval: Duration = .seconds(1)
    /// The shortest sleep of ``run()``, so an instant already due cannot make it spin.
    static let minimumTickInterval: Duration = .milliseconds(10)
    /// The port to ask for when a request names none (SOCKS RESOLVE): any exit serves it.
    public static let anyPort = CircuitPoolStateMachine.anyPort
    /// Events kept for a subscriber that does not keep up; older ones are dropped.
    static let eventBufferSize = 1024

    struct Waiting {
        let continuation: CheckedContinuation<PooledCircuit, any Error>
        let port: UInt16
        let timer: Task<Void, Never>
    }

    var machine: CircuitPoolStateMachine
    let source: any CircuitSource
    let clock: any ResilienceClock
    let logger: Logger
    /// Builds in flight, by circuit.
    var builds: [CircuitPoolID: Task<Void, Never>] = [:]
    /// Builds the machine abandoned: whatever they still produce is closed.
    var abandoned: Set<CircuitPoolID> = []
    /// Open circuits the machine holds.
    var open: [CircuitPoolID: BuiltCircuit] = [:]
    var timesCreated: [CircuitPoolID: Date] = [:]
    var waiting: [StreamRequestID: Waiting] = [:]
    var subscribers: [UUID: AsyncStream<CircuitPoolEvent>.Continuation] = [:]
    /// Why the last build failed, for the error a timed-out stream gets.
    var lastBuildFailure: String?
    /// The instant the wake-up timer will tick the machine at, and the timer itself: events
    /// between ticks of ``run()`` may bring work forward (a retry, a build timeout).
    var plannedWake: ResilienceInstant?
    var wakeTimer: Task<Void, Never>?

    /// A pool building from `source` under `settings`; nothing is built until the first call
    /// (``run()`` starts the first prebuild round).
    public init(
        settings: CircuitPoolSettings, source: any CircuitSource,
        clock: any ResilienceClock = SystemResilienceClock(),
        logger: Logger = Logger(label: "torswift.pool")
    ) {
        self.machine = CircuitPoolStateMachine(settings: settings, now: clock.now())
        self.source = source
        self.clock = clock
        self.logger = logger
    }

    /// An open circuit for a new stream to `port` with `isolation`: an existing circuit it may
    /// share, else the first suitable one built for it, launched and retried (after failures)
    /// until `deadline`. The stream is counted on the circuit until ``streamDetached(from:)``.
    ///
    /// - Throws: `pool.timedOut` at the deadline, `pool.shutDown` after ``shutdown()``,
    ///   `CancellationError` when the calling task is cancelled.
    public func circuit(
        forPort port: UInt16, isolation: StreamIsolationKey, deadline: ResilienceInstant
    ) async throws -> PooledCircuit {
        try Task.checkCancellation()
        let (outcome, actions) = machine.requestStream(port: port, isolation: isolation, now: clock.now())
        switch outcome {
        case .shutDown:
            throw Self.shutDownError()
        case .attached(let id):
            perform(actions)
            guard let built = open[id] else {
                // The machine only attaches to circuits it was told are built: a bug if reached.
                perform(machine.streamDetached(from: id, now: clock.now()))
                throw TorClientError(.poolInternal, kind: .internalFailure, "Circuit \(id) was handed out without being open.")
            }
            logger.debug("stream to port \(port) shares circuit \(id)")
            return PooledCircuit(id: id, handle: built.handle, relays: built.relays)
        case .waiting(let request):
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let timer = Task { [clock] in
                        do { try await clock.sleep(for: deadline.duration(since: clock.now())) } catch { return }
                        self.requestTimedOut(request)
                    }
                    waiting[request] = Waiting(continuation: continuation, port: port, timer: timer)
                    perform(actions)
                }
            } onCancel: {
                Task { await self.requestCancelled(request) }
            }
        }
    }

    /// ``circuit(forPort:isolation:deadline:)`` with a deadline `timeout` from now.
    public func circuit(forPort port: UInt16, isolation: StreamIsolationKey, timeout: Duration) async throws -> PooledCircuit {
        try await circuit(forPort: port, isolation: isolation, deadline: clock.now().advanced(by: timeout))
    }

    /// A stream the pool attached to `id` ended (report each stream exactly once).
    public func streamDetached(from id: CircuitPoolID) {
        perform(machine.streamDetached(from: id, now: clock.now()))
    }

    /// A stream saw circuit `id` die: it is closed and leaves the pool at once.
    public func circuitFailed(_ id: CircuitPoolID) {
        guard let built = open.removeValue(forKey: id) else { return }
        built.handle.close()
        emit(id, .closed, relays: built.relays, reason: .destroyed)
        perform(machine.circuitClosed(id, now: clock.now()))
    }

    /// Applies reloaded settings at once: e.g. a larger CircuitPoolMinSize starts builds now.
    public func update(settings: CircuitPoolSettings) {
        perform(machine.update(settings: settings, now: clock.now()))
    }

    /// NEWNYM: new streams never reuse a circuit that exists now; streams already open
    /// continue; fresh circuits are prebuilt at once.
    public func newIdentity() {
        logger.info("new identity: no current circuit takes new streams")
        perform(machine.markAllDirty(now: clock.now()))
    }

    /// The maintenance loop: ticks the state machine when something falls due, at least every
    /// ``maximumTickInterval``. Returns when the calling task is cancelled.
    public func run() async {
        while !Task.isCancelled && !machine.isShutDown {
            let now = clock.now()
            perform(machine.tick(now: now))
            let due = machine.nextWakeup().map { $0.duration(since: now) } ?? Self.maximumTickInterval
            let pause = min(max(due, Self.minimumTickInterval), Self.maximumTickInterval)
            do { try await clock.sleep(for: pause) } catch { return }
        }
    }

    /// Closes every circuit, stops every build, fails every waiting stream with `pool.shutDown`
    /// and ends the event streams.
    public func shutdown() {
        perform(machine.shutdown())
        wakeTimer?.cancel()
        wakeTimer = nil
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    /// Every circuit of the pool, building ones included, in ID order.
    public func snapshot() -> [CircuitPoolEntry] {
        machine.circuits.map { record in
            CircuitPoolEntry(
                id: record.id, status: record.isBuilt ? .built : .launched,
                relays: open[record.id]?.relays ?? [], launchedAt: record.launchedAt,
                timeCreated: timesCreated[record.id] ?? Date(), isDirty: record.isDirty,
                isRetired: record.isRetired, isolation: record.isolation,
                streamCount: record.streamCount, targetPort: record.targetPort)
        }
    }

    /// The settings in force.
    public var settings: CircuitPoolSettings { machine.settings }

    /// Circuit events from now on (LAUNCHED, BUILT, FAILED, CLOSED), until ``shutdown()`` or the
    /// subscriber stops iterating.
    public func events() -> AsyncStream<CircuitPoolEvent> {
        let (stream, continuation) = AsyncStream<CircuitPoolEvent>.makeStream(
            bufferingPolicy: .bufferingNewest(Self.eventBufferSize))
        let key = UUID()
        subscribers[key] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(key) } }
        return stream
    }

    private func unsubscribe(_ key: UUID) { subscribers[key] = nil }

    static func shutDownError() -> TorClientError {
        TorClientError(.poolShutDown, kind: .resource, "The client is shutting down; it builds no more circuits.")
    }
}
