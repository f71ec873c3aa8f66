/// The three states of a circuit breaker.
public enum CircuitBreakerState: String, Sendable, Hashable, CustomStringConvertible {
    /// Calls pass; failures are counted.
    case closed
    /// Calls are rejected at once until the cooldown ends.
    case open
    /// A limited number of probe calls pass; their outcome closes or re-opens the breaker.
    case halfOpen

    public var description: String { rawValue }
}

/// One transition of a breaker, as reported to observers, in the order the transitions happen.
public struct CircuitBreakerStateChange: Sendable, Hashable, CustomStringConvertible {
    /// The state left.
    public let from: CircuitBreakerState
    /// The state entered.
    public let to: CircuitBreakerState
    /// When, on the breaker's clock.
    public let at: ResilienceInstant
    /// Why, e.g. `5 consecutive failures` or `cooldown of 30 s ended`.
    public let reason: String

    /// Creates a record of a transition.
    public init(from: CircuitBreakerState, to: CircuitBreakerState, at: ResilienceInstant, reason: String) {
        self.from = from
        self.to = to
        self.at = at
        self.reason = reason
    }

    public var description: String { "\(from) -> \(to) at \(at): \(reason)" }
}

/// The right to make one call through a breaker, handed out by
/// ``CircuitBreaker/acquirePermission()``. Record its outcome exactly once, with
/// ``CircuitBreaker/record(_:for:)``: a half-open probe's slot stays taken until then.
public struct CircuitBreakerPermit: Sendable, Hashable {
    /// Unique within its breaker.
    public let id: UInt64
    /// The breaker's generation when the permit was issued; outcomes of permits from an earlier
    /// generation are counted in the totals but cannot change the state.
    let generation: UInt64
    /// True when this call is a half-open probe.
    public let isProbe: Bool
}

/// How a call made under a permit ended, as far as the breaker is concerned.
public enum CircuitBreakerOutcome: Sendable, Hashable {
    /// The target did its part.
    case success
    /// The target failed; the text is kept as the last failure's description.
    case failure(String)
    /// Neither: the caller gave up (cancellation) or the error says nothing about the target.
    /// Frees a probe slot without counting.
    case ignored
}

/// A failure as remembered in the statistics.
public struct CircuitBreakerFailureRecord: Sendable, Hashable {
    /// When it was recorded, on the breaker's clock.
    public let at: ResilienceInstant
    /// The error's description.
    public let description: String
}

/// A snapshot of a breaker's state and counters, for torctl and the control port.
public struct CircuitBreakerStatistics: Sendable, Hashable {
    /// The state at the time of the snapshot (an ended cooldown already shows as half-open).
    public var state: CircuitBreakerState
    /// Failures since the last success (or since the breaker last closed).
    public var consecutiveFailures: Int
    /// Calls admitted since the breaker was created.
    public var totalCalls: Int
    /// Admitted calls that succeeded.
    public var totalSuccesses: Int
    /// Admitted calls that failed.
    public var totalFailures: Int
    /// Calls refused without running.
    public var totalRejections: Int
    /// Calls that finished within the rate window, counting only those since the breaker last
    /// closed (opening and closing start a fresh window).
    public var callsInWindow: Int
    /// Failures among `callsInWindow`.
    public var failuresInWindow: Int
    /// `failuresInWindow / callsInWindow`, or `nil` when the window is empty.
    public var failureRateInWindow: Double? {
        callsInWindow == 0 ? nil : Double(failuresInWindow) / Double(callsInWindow)
    }
    /// The most recent failure.
    public var lastFailure: CircuitBreakerFailureRecord?
    /// When the breaker last opened, while it is open or half-open; `nil` while closed.
    public var openedAt: ResilienceInstant?
}
