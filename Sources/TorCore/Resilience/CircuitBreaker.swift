/// A circuit breaker for one target (a relay, a directory authority): after repeated failures it
/// rejects calls at once for a cooldown, then lets a few probes through to decide whether the
/// target has recovered.
///
/// An actor shell around ``CircuitBreakerStateMachine``: it reads the injected clock, classifies
/// errors, and reports every state change to observers, in order, synchronously on the actor.
/// The open-to-half-open move happens lazily, on the first call or query after the cooldown.
public actor CircuitBreaker {
    /// Identifies an observer so that it can be removed.
    public typealias ObserverID = Int

    /// The target this breaker guards, as shown (redacted) in error reasons.
    public nonisolated let target: String
    /// The breaker's configuration.
    public nonisolated let policy: CircuitBreakerPolicy
    private let clock: any ResilienceClock
    private let isFailure: @Sendable (any Error) -> Bool
    private var machine: CircuitBreakerStateMachine
    private var observers: [(id: ObserverID, handler: @Sendable (CircuitBreakerStateChange) -> Void)] = []
    private var nextObserverID = 0

    /// Creates a closed breaker.
    ///
    /// - Parameters:
    ///   - target: a name for the guarded target, e.g. a relay's hex fingerprint. It reaches
    ///     error reasons only through ``Redacted``.
    ///   - isFailure: which errors count against the target; by default all but cancellation
    ///     and breaker rejections (``ResilienceErrors/countsAsBreakerFailure(_:)``).
    ///   - observer: registered before any call can happen, so it sees every state change.
    public init(
        target: String, policy: CircuitBreakerPolicy = .default,
        clock: any ResilienceClock = SystemResilienceClock(),
        isFailure: @escaping @Sendable (any Error) -> Bool = ResilienceErrors.countsAsBreakerFailure,
        observer: (@Sendable (CircuitBreakerStateChange) -> Void)? = nil
    ) {
        self.target = target
        self.policy = policy
        self.clock = clock
        self.isFailure = isFailure
        self.machine = CircuitBreakerStateMachine(policy: policy)
        if let observer {
            nextObserverID = 1
            observers = [(1, observer)]
        }
    }

    /// Calls `handler` with every later state change, in order, on this actor: keep it short
    /// and non-blocking. Returns an ID for ``removeObserver(_:)``.
    @discardableResult
    public func observe(_ handler: @escaping @Sendable (CircuitBreakerStateChange) -> Void) -> ObserverID {
        nextObserverID += 1
        observers.append((nextObserverID, handler))
        return nextObserverID
    }

    /// Stops calling the observer registered under `id`.
    public func removeObserver(_ id: ObserverID) {
        observers.removeAll { $0.id == id }
    }

    /// The current state; an ended cooldown is applied first (so this can report a change).
    public var state: CircuitBreakerState {
        publish(machine.refresh(now: clock.now()))
        return machine.state
    }

    /// True when a call made now would be rejected: open and cooling down, or half-open with
    /// every probe slot taken. Path selection skips such targets.
    public var isRejectingCalls: Bool {
        switch state {
        case .closed: return false
        case .open: return true
        case .halfOpen: return machine.isProbeLimitReached
        }
    }

    /// The counters and state now, with an ended cooldown applied.
    public func statistics() -> CircuitBreakerStatistics {
        let now = clock.now()
        publish(machine.refresh(now: now))
        return machine.statistics(now: now)
    }

    /// Asks to make one call. Throws `breaker.open` (kind `.resource`) when the breaker refuses;
    /// otherwise the permit's outcome must be recorded once with ``record(_:for:)``.
    public func acquirePermission() throws -> CircuitBreakerPermit {
        let now = clock.now()
        let (decision, change) = machine.acquire(now: now)
        publish(change)
        switch decision {
        case .permitted(let permit):
            return permit
        case .rejected(let retryAt):
            throw rejection(now: now, retryAt: retryAt)
        }
    }

    /// Records how the call under `permit` ended.
    public func record(_ outcome: CircuitBreakerOutcome, for permit: CircuitBreakerPermit) {
        publish(machine.record(outcome, for: permit, now: clock.now()))
    }

    /// Records a call that threw `error`, classified by this breaker's `isFailure`.
    public func record(error: any Error, for permit: CircuitBreakerPermit) {
        record(isFailure(error) ? .failure(String(describing: error)) : .ignored, for: permit)
    }

    /// Runs `operation` through the breaker: rejects it at once with `breaker.open` while the
    /// breaker is open, otherwise runs it in the caller's isolation and records its outcome.
    /// Errors from `operation` are rethrown unchanged.
    public func run<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> Result
    ) async throws -> Result {
        let permit = try await acquirePermission()
        let result: Result
        do {
            result = try await operation()
        } catch {
            await record(error: error, for: permit)
            throw error
        }
        await record(.success, for: permit)
        return result
    }

    private func publish(_ change: CircuitBreakerStateChange?) {
        guard let change else { return }
        for observer in observers { observer.handler(change) }
    }

    private func rejection(now: ResilienceInstant, retryAt: ResilienceInstant?) -> TorCoreError {
        let target = Redacted(target)
        guard let retryAt else {
            return TorCoreError(
                .breakerOpen, kind: .resource,
                "The circuit breaker for \(target) is half-open and already testing it with "
                    + "\(policy.halfOpenProbeLimit) probe(s); choose another target or try again "
                    + "once the probes finish.")
        }
        return TorCoreError(
            .breakerOpen, kind: .resource,
            "The circuit breaker for \(target) is open after repeated failures; it will be tried "
                + "again in \(retryAt.duration(since: now).resilienceText) (at \(retryAt)). "
                + "Choose another target meanwhile.")
    }
}
