import NIOConcurrencyHelpers

/// Fans client events out to every open controller connection (control-spec.txt §4.1).
///
/// The client calls ``publish(_:)`` once per event (a circuit change, a bandwidth second, a log
/// line), never per cell; each connection filters by its own SETEVENTS subscription on its
/// event loop. One lock per publish guards the subscriber table.
public final class ControlEventHub: Sendable {
    private struct State {
        var nextIdentifier: UInt64 = 0
        var subscribers: [UInt64: @Sendable (ControlEvent) -> Void] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// An empty hub.
    public init() {}

    /// Hands `event` to every connection; connections not subscribed to its kind drop it.
    public func publish(_ event: ControlEvent) {
        let subscribers = state.withLockedValue { Array($0.subscribers.values) }
        for deliver in subscribers { deliver(event) }
    }

    /// The number of connections currently registered.
    public var connectionCount: Int { state.withLockedValue { $0.subscribers.count } }

    /// Adds a connection; the returned identifier removes it again.
    func register(_ deliver: @escaping @Sendable (ControlEvent) -> Void) -> UInt64 {
        state.withLockedValue { state in
            let identifier = state.nextIdentifier
            state.nextIdentifier += 1
            state.subscribers[identifier] = deliver
            return identifier
        }
    }

    /// Removes a connection registered with ``register(_:)``.
    func unregister(_ identifier: UInt64) {
        _ = state.withLockedValue { $0.subscribers.removeValue(forKey: identifier) }
    }
}
