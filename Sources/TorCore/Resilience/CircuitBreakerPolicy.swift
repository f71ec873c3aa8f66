/// When a ``CircuitBreaker`` opens, how long it stays open, and how it probes its way closed.
///
/// Two opening rules, each optional (both may be on; either one opens the breaker):
/// - consecutive failures: `consecutiveFailureThreshold` failures in a row (a success resets
///   the count);
/// - failure rate: at least `failureRateThreshold` of the calls that finished within the last
///   `rateWindow`, once that window holds at least `minimumCallsInWindow` calls.
///
/// Invariants (the initialiser clamps): thresholds and counts are at least 1, the rate is in
/// `0...1`, durations are not negative.
public struct CircuitBreakerPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Failures in a row that open the breaker; `nil` turns the rule off.
    public let consecutiveFailureThreshold: Int?
    /// Failure fraction over the window that opens the breaker; `nil` turns the rule off.
    public let failureRateThreshold: Double?
    /// How far back the failure rate looks.
    public let rateWindow: Duration
    /// Calls the window must hold before the rate rule may open the breaker.
    public let minimumCallsInWindow: Int
    /// How long the breaker stays open before it lets probes through (half-open).
    public let cooldown: Duration
    /// Probes allowed in flight at once while half-open; further calls are rejected.
    public let halfOpenProbeLimit: Int
    /// Successful probes needed to close the breaker again.
    public let successesToClose: Int

    /// Creates a policy, clamping values outside the invariants.
    public init(
        consecutiveFailureThreshold: Int?, failureRateThreshold: Double? = nil,
        rateWindow: Duration = .seconds(60), minimumCallsInWindow: Int = 10,
        cooldown: Duration, halfOpenProbeLimit: Int = 1, successesToClose: Int = 1
    ) {
        self.consecutiveFailureThreshold = consecutiveFailureThreshold.map { max($0, 1) }
        self.failureRateThreshold = failureRateThreshold.map { rate in
            rate.isNaN ? 1 : min(max(rate, 0), 1)
        }
        self.rateWindow = max(rateWindow, .zero)
        self.minimumCallsInWindow = max(minimumCallsInWindow, 1)
        self.cooldown = max(cooldown, .zero)
        self.halfOpenProbeLimit = max(halfOpenProbeLimit, 1)
        self.successesToClose = max(successesToClose, 1)
    }

    /// Opens after 5 consecutive failures, or at a 50% failure rate over 60 s once 10 calls
    /// finished in that window; 30 s cooldown; 1 probe at a time; 1 successful probe closes.
    public static let `default` = CircuitBreakerPolicy(
        consecutiveFailureThreshold: 5, failureRateThreshold: 0.5, rateWindow: .seconds(60),
        minimumCallsInWindow: 10, cooldown: .seconds(30), halfOpenProbeLimit: 1,
        successesToClose: 1)

    /// Opens after 3 consecutive failures, or at a 25% failure rate over 120 s once 8 calls
    /// finished in that window; 60 s cooldown; 1 probe at a time; 2 successful probes close.
    /// For targets whose failures are costly, such as directory authorities.
    public static let sensitive = CircuitBreakerPolicy(
        consecutiveFailureThreshold: 3, failureRateThreshold: 0.25, rateWindow: .seconds(120),
        minimumCallsInWindow: 8, cooldown: .seconds(60), halfOpenProbeLimit: 1,
        successesToClose: 2)

    /// Opens only after 10 consecutive failures (no rate rule); 10 s cooldown; 2 probes at a
    /// time; 1 successful probe closes. For targets with many alternatives and cheap failures.
    public static let tolerant = CircuitBreakerPolicy(
        consecutiveFailureThreshold: 10, failureRateThreshold: nil, rateWindow: .seconds(60),
        minimumCallsInWindow: 10, cooldown: .seconds(10), halfOpenProbeLimit: 2,
        successesToClose: 1)

    /// The exact numbers, e.g. `CircuitBreakerPolicy(consecutiveFailures: 5, failureRate: 50%
    /// over 60 s after 10 calls, cooldown: 30 s, probes: 1, successesToClose: 1)`.
    public var description: String {
        let consecutive = consecutiveFailureThreshold.map(String.init) ?? "off"
        let rate = failureRateThreshold.map { rate in
            "\(Int((rate * 100).rounded()))% over \(rateWindow.resilienceText) "
                + "after \(minimumCallsInWindow) calls"
        } ?? "off"
        return "CircuitBreakerPolicy(consecutiveFailures: \(consecutive), failureRate: \(rate), "
            + "cooldown: \(cooldown.resilienceText), probes: \(halfOpenProbeLimit), "
            + "successesToClose: \(successesToClose))"
    }
}
