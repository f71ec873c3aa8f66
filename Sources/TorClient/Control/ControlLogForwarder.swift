import Logging
import NIOConcurrencyHelpers
import TorCore

/// Sends the client's log lines to subscribed controllers as `650 INFO|NOTICE|WARN|ERR text`
/// events (control-spec.txt §4.1.5).
///
/// Logging is set up before the control port exists, so the forwarder is created first, its
/// ``makeHandler(label:)`` joins the log handlers (swift-log's `MultiplexLogHandler` beside
/// ``TorLogHandler``), and ``attach(_:)`` connects it once the port is listening. Until then,
/// and after ``detach()``, lines are dropped here. Debug lines are never forwarded (C tor
/// keeps control-port traffic out of its own debug events for the same reason: a controller
/// following DEBUG would see the log of its own reads).
public final class ControlLogForwarder: Sendable {
    private let events = NIOLockedValueBox<ClientControlEvents?>(nil)

    /// A forwarder attached to nothing yet.
    public init() {}

    /// Starts forwarding to `events` (the ``ClientControlPort/events`` of the started port).
    public func attach(_ events: ClientControlEvents) {
        self.events.withLockedValue { $0 = events }
    }

    /// Stops forwarding.
    public func detach() {
        events.withLockedValue { $0 = nil }
    }

    /// Forwards one line; a no-op while detached or for debug lines.
    public func forward(_ severity: LogSeverity, _ message: String) {
        guard severity > .debug, let events = events.withLockedValue({ $0 }) else { return }
        events.log(severity, message)
    }

    /// A swift-log handler for `label` that forwards through this forwarder.
    public func makeHandler(label: String) -> any LogHandler {
        Handler(forwarder: self)
    }

    /// The handler: level `info`, since debug lines are not forwarded anyway.
    struct Handler: LogHandler {
        let forwarder: ControlLogForwarder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            forwarder.forward(LogSeverity(event.level), event.message.description)
        }
    }
}
