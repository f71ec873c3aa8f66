/// The circuit breakers of many targets, keyed by target identity (for relays and directory
/// authorities, e.g. the hex RSA fingerprint), each created on first use with the registry's
/// policy, clock and classifier.
///
/// Path selection asks ``isOpen(_:)`` to skip targets whose breaker rejects calls; torctl and the
/// control port read ``snapshot()``.
public actor CircuitBreakerRegistry<Key: Hashable & Sendable> {
    /// The policy every breaker of this registry is created with.
    public nonisolated let policy: CircuitBreakerPolicy
    private let clock: any ResilienceClock
    private let isFailure: @Sendable (any Error) -> Bool
    private let name: @Sendable (Key) -> String
    private let observer: (@Sendable (Key, CircuitBreakerStateChange) -> Void)?
    private var breakers: [Key: CircuitBreaker] = [:]

    /// Creates an empty registry.
    ///
    /// - Parameters:
    ///   - name: the target name a breaker shows (redacted) in its errors; by default the key's
    ///     description.
    ///   - observer: told about every state change of every breaker, with its key; the changes
    ///     of one breaker arrive in order.
    public init(
        policy: CircuitBreakerPolicy = .default,
        clock: any ResilienceClock = SystemResilienceClock(),
        isFailure: @escaping @Sendable (any Error) -> Bool = ResilienceErrors.countsAsBreakerFailure,
        name: @escaping @Sendable (Key) -> String = { String(describing: $0) },
        observer: (@Sendable (Key, CircuitBreakerStateChange) -> Void)? = nil
    ) {
        self.policy = policy
        self.clock = clock
        self.isFailure = isFailure
        self.name = name
        self.observer = observer
    }

    /// The breaker for `key`, created closed on first use. Always the same instance for a key.
    public func breaker(for key: Key) -> CircuitBreaker {
        if let existing = breakers[key] { return existing }
        var perBreaker: (@Sendable (CircuitBreakerStateChange) -> Void)? = nil
        if let observer {
            perBreaker = { @Sendable change in observer(key, change) }
        }
        let breaker = CircuitBreaker(
            target: name(key), policy: policy, clock: clock, isFailure: isFailure,
            observer: perBreaker)
        breakers[key] = breaker
        return breaker
    }

    /// The keys that have a breaker, in no particular order.
    public var keys: [Key] { Array(breakers.keys) }

    /// True when `key`'s breaker would reject a call now (open and cooling down, or half-open
    /// with every probe slot taken). False for a key without a breaker.
    public func isOpen(_ key: Key) async -> Bool {
        guard let breaker = breakers[key] else { return false }
        return await breaker.isRejectingCalls
    }

    /// The statistics of every breaker, an ended cooldown applied to each.
    public func snapshot() async -> [Key: CircuitBreakerStatistics] {
        // Copied first: breakers may be added while this actor waits on each breaker.
        let current = breakers
        var result: [Key: CircuitBreakerStatistics] = [:]
        result.reserveCapacity(current.count)
        for (key, breaker) in current {
            result[key] = await breaker.statistics()
        }
        return result
    }

    /// Drops `key`'s breaker (for a relay that left the consensus); the next use starts closed.
    public func remove(_ key: Key) {
        breakers[key] = nil
    }
}
