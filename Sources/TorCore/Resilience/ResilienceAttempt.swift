/// What a ``ResiliencePipeline`` tells the caller's target chooser before each choice.
///
/// A chooser returns a target not in ``rejectedTargets`` (or asks the registry's
/// ``CircuitBreakerRegistry/isOpen(_:)``) and preferably not in ``failedTargets``, or `nil`
/// when it has no candidate left.
public struct ResilienceAttempt<Key: Hashable & Sendable>: Sendable {
    /// The attempt about to run, starting at 1. A rejected choice does not use up an attempt.
    public let number: Int
    /// Targets whose call failed in this run, oldest first (a target appears once per failure).
    public let failedTargets: [Key]
    /// Targets whose breaker refused a call during this run.
    public let rejectedTargets: Set<Key>

    /// Creates the context for one choice.
    public init(number: Int, failedTargets: [Key], rejectedTargets: Set<Key>) {
        self.number = number
        self.failedTargets = failedTargets
        self.rejectedTargets = rejectedTargets
    }

    /// True when `key` already failed or was rejected in this run.
    public func hasTried(_ key: Key) -> Bool {
        rejectedTargets.contains(key) || failedTargets.contains(key)
    }
}
