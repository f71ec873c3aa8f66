import ControlPort
import TorCore

/// How the client tells controllers what happens (control-spec.txt §4.1): one call per circuit
/// or stream change, per bandwidth second, per bootstrap step and per log line, each turned
/// into a ``ControlEvent`` and published on the listener's ``ControlEventHub``. Connections not
/// subscribed to the kind drop it, so publishing is cheap when nobody listens.
public struct ClientControlEvents: Sendable {
    /// The hub of the client's ``ControlPortListener``.
    public let hub: ControlEventHub

    /// Events published on `hub`.
    public init(hub: ControlEventHub) {
        self.hub = hub
    }

    /// `650 CIRC …` (§4.1.1) after a circuit was launched, extended, built, failed or closed.
    public func circuitChanged(_ circuit: ControlledCircuit) {
        hub.publish(Self.circuit(circuit))
    }

    /// `650 STREAM …` (§4.1.2) after a stream changed status.
    public func streamChanged(_ stream: ControlledStream) {
        hub.publish(Self.stream(stream))
    }

    /// `650 BW read written` (§4.1.4): bytes of the last second.
    public func bandwidth(read: UInt64, written: UInt64) {
        hub.publish(ControlEvent(.bandwidth, ControlStatusFormatter.bandwidth(read: read, written: written)))
    }

    /// `650 STATUS_CLIENT NOTICE BOOTSTRAP …` (§4.1.10) for each bootstrap step.
    public func bootstrapped(_ status: ControlledBootstrapStatus) {
        hub.publish(Self.bootstrap(status))
    }

    /// `650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED` (§4.1.10) when the first circuit is built.
    public func circuitEstablished() {
        hub.publish(ControlEvent(.statusClient, "NOTICE CIRCUIT_ESTABLISHED"))
    }

    /// `650 NOTICE text` (§4.1.5) and the like for one log line; debug lines are not sent.
    public func log(_ severity: LogSeverity, _ message: String) {
        guard let event = Self.log(severity, message) else { return }
        hub.publish(event)
    }

    /// The CIRC event of `circuit`.
    public static func circuit(_ circuit: ControlledCircuit) -> ControlEvent {
        ControlEvent(.circuit, ControlStatusFormatter.circuit(circuit))
    }

    /// The STREAM event of `stream`.
    public static func stream(_ stream: ControlledStream) -> ControlEvent {
        ControlEvent(.stream, ControlStatusFormatter.streamEvent(stream))
    }

    /// The STATUS_CLIENT BOOTSTRAP event of `status`.
    public static func bootstrap(_ status: ControlledBootstrapStatus) -> ControlEvent {
        ControlEvent(.statusClient, ControlStatusFormatter.bootstrap(status))
    }

    /// The log event of one line: INFO, NOTICE, WARN or ERR; nil for debug.
    public static func log(_ severity: LogSeverity, _ message: String) -> ControlEvent? {
        let kind: ControlEventKind
        switch severity {
        case .debug: return nil
        case .info: kind = .info
        case .notice: kind = .notice
        case .warn: kind = .warn
        case .err: kind = .error
        }
        return ControlEvent(kind, message)
    }
}
