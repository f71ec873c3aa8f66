import TorCore

/// The circuit pool's policy, free of I/O: which open circuit a new stream may use, when to
/// build circuits ahead of demand or for waiting streams, and when to close them
/// (path-spec.txt §2.1.1 preemptive circuits, §2.1.2 on-demand circuits and dirtiness).
///
/// It works over ``CircuitPoolID``s and instants the caller passes in; every event returns the
/// ``CircuitPoolAction``s its I/O shell (``CircuitPool``) must carry out. Invariants, checked
/// after every event by `reconcile`:
/// - at most `maximumSize` circuits, built or building, unless streams still use more; when
///   the pool is full and lacks clean circuits, the least recently used idle dirty circuit
///   closes to make room (a circuit carrying streams never does);
/// - a stream shares a circuit only with streams of an equal ``StreamIsolationKey``, and only
///   until the circuit has been dirty for `maximumDirtiness`;
/// - every waiting stream is attached to the first suitable circuit that is built, and has a
///   build it may expect unless the pool is full or builds are backing off after failures.
public struct CircuitPoolStateMachine: Sendable {
    /// How long a port a stream asked for stays predicted (path-spec.txt §2.1.1: one hour).
    public static let predictedPortLifetime: Duration = .seconds(3600)
    /// The ports predicted at start (path-spec.txt §2.1.1 names port 80; 443 is today's web).
    public static let initialPredictedPorts: [UInt16] = [80, 443]
    /// The wait before the first on-demand relaunch after a failed build; it doubles with each
    /// further failure in a row, so a source that fails at once cannot spin.
    public static let firstRetryDelay: Duration = .milliseconds(250)
    /// The longest wait between on-demand relaunches after failures.
    public static let longestRetryDelay: Duration = .seconds(8)

    /// The port of a request any exit serves: a SOCKS RESOLVE or RESOLVE_PTR, which names no
    /// port (tor-spec.txt §6.4: the exit resolves for the client whatever its policy).
    public static let anyPort: UInt16 = 0

    struct Waiter: Sendable {
        let id: StreamRequestID
        let port: UInt16
        let key: StreamIsolationKey

        /// Whether a build in flight may serve this stream: one launched for its port, or any
        /// build for a request that needs no particular port.
        func mayExpect(_ build: PoolCircuitRecord) -> Bool {
            port == CircuitPoolStateMachine.anyPort || build.targetPort == port
        }
    }

    /// The settings in force; ``update(settings:now:)`` changes them.
    public internal(set) var settings: CircuitPoolSettings
    /// True after ``shutdown()``: nothing more is built or attached.
    public internal(set) var isShutDown = false
    var records: [CircuitPoolID: PoolCircuitRecord] = [:]
    var waiters: [Waiter] = []
    /// Each predicted port with when a stream last asked for it.
    public internal(set) var predictedPorts: [UInt16: ResilienceInstant] = [:]
    var lastRoundAt: ResilienceInstant?
    var isRoundForced = false
    var consecutiveFailures = 0
    var retryNotBefore: ResilienceInstant?
    private var lastCircuitNumber: UInt32
    private var lastRequestNumber: UInt64 = 0

    /// A pool with no circuits; the first ``tick(now:)`` starts a prebuild round.
    /// `firstID` numbers the first circuit (C tor's circuit IDs start at 1).
    public init(settings: CircuitPoolSettings, now: ResilienceInstant, firstID: UInt32 = 1) {
        self.settings = settings
        self.lastCircuitNumber = firstID &- 1
        for port in Self.initialPredictedPorts { predictedPorts[port] = now }
    }

    /// Every circuit in the pool, building ones included, in ID order.
    public var circuits: [PoolCircuitRecord] { records.values.sorted { $0.id < $1.id } }

    /// The circuit with `id`, if the pool still holds it.
    public func circuit(_ id: CircuitPoolID) -> PoolCircuitRecord? { records[id] }

    /// Requests waiting for a circuit.
    public var waitingRequests: [StreamRequestID] { waiters.map(\.id) }

    /// The outcome of ``requestStream(port:isolation:now:)``.
    public enum StreamRequestOutcome: Sendable, Equatable {
        /// An open circuit took the stream (already counted on it).
        case attached(CircuitPoolID)
        /// The stream waits; an ``CircuitPoolAction/attach(_:_:)`` with this ID will follow.
        case waiting(StreamRequestID)
        /// The pool is shut down.
        case shutDown
    }

    /// A new stream to `port` with `isolation`: the best open circuit that accepts it, else a
    /// wait for one (launching a build when no build in flight may serve it). The port becomes
    /// predicted for an hour. ``anyPort`` (a resolve) takes any exit and predicts nothing.
    public mutating func requestStream(
        port: UInt16, isolation: StreamIsolationKey, now: ResilienceInstant
    ) -> (outcome: StreamRequestOutcome, actions: [CircuitPoolAction]) {
        guard !isShutDown else { return (.shutDown, []) }
        if port != Self.anyPort { predictedPorts[port] = now }
        if let id = bestCircuit(port: port, key: isolation, now: now) {
            records[id]?.attach(key: isolation, at: now)
            return (.attached(id), reconcile(now: now))
        }
        lastRequestNumber += 1
        let request = StreamRequestID(rawValue: lastRequestNumber)
        waiters.append(Waiter(id: request, port: port, key: isolation))
        return (.waiting(request), reconcile(now: now))
    }

    /// A waiting request gave up (its deadline passed or its client left).
    public mutating func cancelRequest(_ request: StreamRequestID, now: ResilienceInstant) -> [CircuitPoolAction] {
        waiters.removeAll { $0.id == request }
        return reconcile(now: now)
    }

    /// A stream attached by the pool ended; a dirty circuit left without streams may close.
    public mutating func streamDetached(from id: CircuitPoolID, now: ResilienceInstant) -> [CircuitPoolAction] {
        records[id]?.detach(at: now)
        return reconcile(now: now)
    }

    /// The build of `id` produced an open circuit whose exit allows the ports `exitAllows`
    /// accepts. Ignored for a build the machine already abandoned (the shell closes it).
    public mutating func buildSucceeded(
        _ id: CircuitPoolID, exitAllows: @escaping @Sendable (UInt16) -> Bool, now: ResilienceInstant
    ) -> [CircuitPoolAction] {
        guard let record = records[id], !record.isBuilt else { return [] }
        records[id]?.builtAt = now
        records[id]?.exitAllows = exitAllows
        consecutiveFailures = 0
        retryNotBefore = nil
        return reconcile(now: now)
    }

    /// The build of `id` failed; streams that expected it get another build after a backoff.
    public mutating func buildFailed(_ id: CircuitPoolID, now: ResilienceInstant) -> [CircuitPoolAction] {
        guard let record = records[id], !record.isBuilt else { return [] }
        records[id] = nil
        noteFailure(now: now)
        return reconcile(now: now)
    }

    /// The circuit `id` closed (the network tore it down, or a stream saw it die): it leaves the
    /// pool at once, streams and all.
    public mutating func circuitClosed(_ id: CircuitPoolID, now: ResilienceInstant) -> [CircuitPoolAction] {
        records[id] = nil
        return reconcile(now: now)
    }

    /// Periodic maintenance: build timeouts, dirtiness, prebuild rounds, retries.
    public mutating func tick(now: ResilienceInstant) -> [CircuitPoolAction] {
        reconcile(now: now)
    }

    /// NEWNYM: no circuit that exists or is being built now takes a new stream; streams already
    /// attached continue, idle circuits close, and a prebuild round starts at once.
    public mutating func markAllDirty(now: ResilienceInstant) -> [CircuitPoolAction] {
        for id in records.keys { records[id]?.isRetired = true }
        isRoundForced = true
        return reconcile(now: now)
    }

    /// New settings, in force at once: the pool grows or shrinks toward them now.
    public mutating func update(settings newSettings: CircuitPoolSettings, now: ResilienceInstant) -> [CircuitPoolAction] {
        settings = newSettings
        isRoundForced = true
        return reconcile(now: now)
    }

    /// Closes every circuit, abandons every build and fails every waiting request.
    public mutating func shutdown() -> [CircuitPoolAction] {
        isShutDown = true
        var actions: [CircuitPoolAction] = circuits.map { record in
            record.isBuilt ? .close(record.id, reason: .requested) : .abandonBuild(record.id, reason: .requested)
        }
        actions += waiters.map { .failRequest($0.id) }
        records.removeAll()
        waiters.removeAll()
        return actions
    }

    mutating func nextCircuitID() -> CircuitPoolID {
        lastCircuitNumber &+= 1
        return CircuitPoolID(rawValue: lastCircuitNumber)
    }

    mutating func noteFailure(now: ResilienceInstant) {
        consecutiveFailures += 1
        let doublings = min(consecutiveFailures - 1, 16)
        let delay = min(Self.firstRetryDelay * (1 << doublings), Self.longestRetryDelay)
        retryNotBefore = now.advanced(by: delay)
    }

    /// The open circuit a stream should use: one already dirty with an equal key (so clean
    /// circuits stay ready for other keys), the most recently dirtied first; else the oldest
    /// clean one.
    func bestCircuit(port: UInt16, key: StreamIsolationKey, now: ResilienceInstant) -> CircuitPoolID? {
        let usable = records.values.filter {
            $0.accepts(port: port, key: key, at: now, maximumDirtiness: settings.maximumDirtiness)
        }
        let dirty = usable.filter { $0.firstUsedAt != nil }
        if let newest = dirty.max(by: { ($0.firstUsedAt!, $0.id) < ($1.firstUsedAt!, $1.id) }) {
            return newest.id
        }
        return usable.min { ($0.builtAt!, $0.id) < ($1.builtAt!, $1.id) }?.id
    }
}
