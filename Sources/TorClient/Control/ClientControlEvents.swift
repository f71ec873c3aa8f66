import ControlPort
import Directory
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

    /// `650 ORCONN …` (§4.1.3) when a channel to a relay is launched, connected, failed or closed.
    public func channelChanged(_ channel: ControlledChannel) {
        hub.publish(ControlEvent(.channel, ControlStatusFormatter.channelEvent(channel)))
    }

    /// `650-CONF_CHANGED` … `650 OK` (§4.1.18) with `Name=Value` lines, after SETCONF,
    /// RESETCONF or a reload changed options; nothing when no option changed.
    public func configurationChanged(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        hub.publish(ControlEvent(.configurationChanged, layout: .lines(lines)))
    }

    /// `650 SIGNAL NAME` (§4.1.17) after the client acted on a signal.
    public func signalReceived(_ name: String) {
        hub.publish(ControlEvent(.signal, name))
    }

    /// `650+NEWCONSENSUS` (§4.1.12) with every router status entry, when a new network view
    /// replaced the previous one.
    public func newConsensus(_ directory: ControlledDirectory) {
        hub.publish(ControlEvent(.newConsensus, layout: .data(ControlStatusFormatter.networkStatuses(directory))))
    }

    /// `650 NETWORK_LIVENESS UP|DOWN` (§4.1.27) when the network starts or stops answering.
    public func networkLiveness(isUp: Bool) {
        hub.publish(ControlEvent(.networkLiveness, isUp ? "UP" : "DOWN"))
    }

    /// `650 STATUS_CLIENT NOTICE ENOUGH_DIR_INFO` (§4.1.10) once a usable network view is held.
    public func enoughDirectoryInfo() {
        hub.publish(ControlEvent(.statusClient, "NOTICE ENOUGH_DIR_INFO"))
    }

    /// `650 ADDRMAP name address "expiry" EXPIRES="expiry" CACHED="NO"` (§4.1.7) for the first
    /// address answer of a RESOLVE, or `name <error> NEVER error=yes CACHED="NO"` when there is
    /// none. This client caches nothing, hence CACHED="NO"; Expiry should be local time and is
    /// written in UTC, which is what it is on the machines this client runs on.
    public func addressMapped(_ name: String, answers: [ResolvedAnswer], now: Int64) {
        hub.publish(ControlEvent(.addressMap, Self.addressMap(name, answers: answers, now: now)))
    }

    /// `650 ADDRMAP address address NEVER CACHED="NO"`: an address literal, answered locally.
    public func addressMapped(_ name: String, literal: String) {
        hub.publish(ControlEvent(.addressMap, "\(name) \(literal) NEVER CACHED=\"NO\""))
    }

    /// The ADDRMAP body of ``addressMapped(_:answers:now:)``.
    public static func addressMap(_ name: String, answers: [ResolvedAnswer], now: Int64) -> String {
        for answer in answers {
            let address: String
            switch answer.value {
            case .ipv4(let value): address = value.description
            case .ipv6(let value): address = value.description
            case .hostname(let value): address = value
            default: continue
            }
            let expiry = "\"" + DirectoryTime.format(now + Int64(answer.ttl)) + "\""
            return "\(name) \(address) \(expiry) EXPIRES=\(expiry) CACHED=\"NO\""
        }
        return "\(name) <error> NEVER error=yes CACHED=\"NO\""
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
