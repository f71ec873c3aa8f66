import NIOConcurrencyHelpers

/// Where components report control-port events before and after the port exists: they are
/// made before it (the stream registry, bootstrap progress), so events go nowhere until the
/// port is attached, as C tor sends events only to controllers that are connected.
final class ControlEventSink: Sendable {
    private let target = NIOLockedValueBox<ClientControlEvents?>(nil)

    /// Starts delivering to `events`.
    func attach(_ events: ClientControlEvents?) {
        target.withLockedValue { $0 = events }
    }

    /// Runs `body` with the attached events, if any.
    func send(_ body: (ClientControlEvents) -> Void) {
        if let events = target.withLockedValue({ $0 }) { body(events) }
    }
}
