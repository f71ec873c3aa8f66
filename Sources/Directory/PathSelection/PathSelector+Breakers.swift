import TorCore

extension PathSelector {
    /// An ``isUsable`` predicate that skips the relays whose circuit breaker in `registry`
    /// rejects calls now (open, or half-open with every probe slot taken).
    ///
    /// The breakers are asked once, here: path selection is synchronous and must not wait on
    /// actors per relay, so the result is a snapshot. Take a new one for each path; a breaker
    /// that opens after the snapshot is seen by the next.
    ///
    /// - Parameter key: the registry key of a relay, such as its hex fingerprint
    ///   (`{ $0.rsaIdentity.description }`).
    public static func skippingOpenBreakers<Key: Hashable & Sendable>(
        in registry: CircuitBreakerRegistry<Key>, key: @escaping @Sendable (Relay) -> Key
    ) async -> @Sendable (Relay) -> Bool {
        var open: Set<Key> = []
        for candidate in await registry.keys where await registry.isOpen(candidate) {
            open.insert(candidate)
        }
        let snapshot = open
        return { relay in !snapshot.contains(key(relay)) }
    }
}
