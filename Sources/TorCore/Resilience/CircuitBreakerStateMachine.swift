/// The sans-IO core of a circuit breaker: a pure state machine over permits, outcomes and the
/// instants its caller passes in. ``CircuitBreaker`` wraps it with a clock and observers; code
/// that lives on an event loop may drive it directly.
///
/// Invariants: permits are only issued while closed, or while half-open up to the probe limit;
/// only outcomes of permits from the current generation change the state; every transition is
/// returned to the caller exactly once, in order.
public struct CircuitBreakerStateMachine: Sendable {
    /// The result of asking to make a call.
    public enum Decision: Sendable, Hashable {
        /// Go ahead, and record the outcome under this permit.
        case permitted(CircuitBreakerPermit)
        /// Refused. `retryAt` is when the cooldown ends, or `nil` when the breaker is half-open
        /// and waiting for probes already in flight.
        case rejected(retryAt: ResilienceInstant?)
    }

    /// The configuration it enforces.
    public let policy: CircuitBreakerPolicy
    /// The current state (an ended cooldown shows only after the next ``refresh(now:)``).
    public private(set) var state: CircuitBreakerState = .closed
    private var consecutiveFailures = 0
    private var window: FailureWindow
    private var openedAt: ResilienceInstant?
    private var generation: UInt64 = 0
    private var nextPermitID: UInt64 = 0
    private var probesInFlight = 0
    private var probeSuccesses = 0
    private var totals = (calls: 0, successes: 0, failures: 0, rejections: 0)
    private var lastFailure: CircuitBreakerFailureRecord?

    /// True while half-open with every probe slot taken, when a call would be rejected.
    public var isProbeLimitReached: Bool {
        state == .halfOpen && probesInFlight >= policy.halfOpenProbeLimit
    }

    /// A closed breaker.
    public init(policy: CircuitBreakerPolicy) {
        self.policy = policy
        self.window = FailureWindow(length: policy.rateWindow)
    }

    /// Moves an open breaker whose cooldown has ended to half-open; returns that transition.
    public mutating func refresh(now: ResilienceInstant) -> CircuitBreakerStateChange? {
        guard state == .open, let openedAt, now >= openedAt.advanced(by: policy.cooldown) else {
            return nil
        }
        probesInFlight = 0
        probeSuccesses = 0
        return transition(to: .halfOpen, at: now, reason: "cooldown of \(policy.cooldown.resilienceText) ended")
    }

    /// Asks to make a call at `now`. A rejection is counted in the statistics.
    public mutating func acquire(now: ResilienceInstant) -> (Decision, CircuitBreakerStateChange?) {
        let change = refresh(now: now)
        switch state {
        case .closed:
            return (.permitted(issuePermit(isProbe: false)), change)
        case .halfOpen where probesInFlight < policy.halfOpenProbeLimit:
            probesInFlight += 1
            return (.permitted(issuePermit(isProbe: true)), change)
        case .halfOpen:
            totals.rejections += 1
            return (.rejected(retryAt: nil), change)
        case .open:
            totals.rejections += 1
            return (.rejected(retryAt: openedAt.map { $0.advanced(by: policy.cooldown) }), change)
        }
    }

    /// Records how the call made under `permit` ended; returns the transition it caused, if any.
    public mutating func record(
        _ outcome: CircuitBreakerOutcome, for permit: CircuitBreakerPermit, now: ResilienceInstant
    ) -> CircuitBreakerStateChange? {
        switch outcome {
        case .success: totals.successes += 1
        case .failure(let description):
            totals.failures += 1
            lastFailure = CircuitBreakerFailureRecord(at: now, description: description)
        case .ignored: break
        }
        // A late outcome from before the last transition says nothing about the present.
        guard permit.generation == generation else { return nil }
        switch state {
        case .closed where !permit.isProbe:
            return recordClosed(outcome, now: now)
        case .halfOpen where permit.isProbe:
            return recordProbe(outcome, now: now)
        default:
            return nil
        }
    }

    /// The counters and state as of `now` (call ``refresh(now:)`` first for an up-to-date state).
    public func statistics(now: ResilienceInstant) -> CircuitBreakerStatistics {
        var current = window
        current.prune(now: now)
        return CircuitBreakerStatistics(
            state: state, consecutiveFailures: consecutiveFailures, totalCalls: totals.calls,
            totalSuccesses: totals.successes, totalFailures: totals.failures,
            totalRejections: totals.rejections, callsInWindow: current.count,
            failuresInWindow: current.failures, lastFailure: lastFailure, openedAt: openedAt)
    }

    private mutating func issuePermit(isProbe: Bool) -> CircuitBreakerPermit {
        nextPermitID += 1
        totals.calls += 1
        return CircuitBreakerPermit(id: nextPermitID, generation: generation, isProbe: isProbe)
    }

    private mutating func recordClosed(
        _ outcome: CircuitBreakerOutcome, now: ResilienceInstant
    ) -> CircuitBreakerStateChange? {
        switch outcome {
        case .ignored:
            return nil
        case .success:
            consecutiveFailures = 0
            window.record(failed: false, at: now)
            return nil
        case .failure:
            consecutiveFailures += 1
            window.record(failed: true, at: now)
        }
        if let threshold = policy.consecutiveFailureThreshold, consecutiveFailures >= threshold {
            let plural = consecutiveFailures == 1 ? "" : "s"
            return open(at: now, reason: "\(consecutiveFailures) consecutive failure\(plural)")
        }
        if let threshold = policy.failureRateThreshold, window.count >= policy.minimumCallsInWindow,
            Double(window.failures) >= threshold * Double(window.count)
        {
            let percent = Int((Double(window.failures) * 100 / Double(window.count)).rounded())
            return open(
                at: now,
                reason: "failure rate \(percent)% (\(window.failures) of \(window.count) calls) "
                    + "within \(policy.rateWindow.resilienceText)")
        }
        return nil
    }

    private mutating func recordProbe(
        _ outcome: CircuitBreakerOutcome, now: ResilienceInstant
    ) -> CircuitBreakerStateChange? {
        probesInFlight -= 1
        switch outcome {
        case .ignored:
            return nil
        case .failure:
            consecutiveFailures += 1
            return open(at: now, reason: "probe failed")
        case .success:
            consecutiveFailures = 0
            probeSuccesses += 1
            guard probeSuccesses >= policy.successesToClose else { return nil }
            openedAt = nil
            window.reset()
            return transition(to: .closed, at: now, reason: "\(probeSuccesses) probe(s) succeeded")
        }
    }

    private mutating func open(at now: ResilienceInstant, reason: String) -> CircuitBreakerStateChange {
        openedAt = now
        window.reset()
        return transition(to: .open, at: now, reason: reason)
    }

    private mutating func transition(
        to next: CircuitBreakerState, at now: ResilienceInstant, reason: String
    ) -> CircuitBreakerStateChange {
        let change = CircuitBreakerStateChange(from: state, to: next, at: now, reason: reason)
        state = next
        generation += 1
        return change
    }
}
