import ControlPort
import FoundationEssentials
import Glibc
import TorCore

/// The text of GETINFO values and event bodies (control-spec.txt §3.9, §4.1), from the
/// ``ControlledClient`` value types. Pure, so every format is tested byte for byte and read back
/// by stem.
public enum ControlStatusFormatter {
    /// A `circuit-status` line and CIRC event body (§4.1.1):
    /// `ID STATUS $FP~nick,… BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=… [REASON=…]`.
    /// The path is left out while no hop is complete, as §4.1.1 says.
    public static func circuit(_ circuit: ControlledCircuit) -> String {
        var words = [circuit.id, circuit.status]
        if !circuit.path.isEmpty { words.append(circuit.path.map(longName).joined(separator: ",")) }
        if !circuit.buildFlags.isEmpty { words.append("BUILD_FLAGS=" + circuit.buildFlags.joined(separator: ",")) }
        words.append("PURPOSE=" + circuit.purpose)
        words.append("TIME_CREATED=" + isoTime(circuit.timeCreated))
        if let reason = circuit.reason { words.append("REASON=" + reason) }
        return words.joined(separator: " ")
    }

    /// A `stream-status` line (§3.9): `ID STATUS CIRCID host:port`; an unattached stream has
    /// circuit `0`.
    public static func streamStatus(_ stream: ControlledStream) -> String {
        "\(stream.id) \(stream.status) \(stream.circuitID ?? "0") \(target(stream))"
    }

    /// A STREAM event body (§4.1.2): the status line plus `REASON=` for a failed or closed stream.
    public static func streamEvent(_ stream: ControlledStream) -> String {
        streamStatus(stream) + (stream.reason.map { " REASON=" + $0 } ?? "")
    }

    /// `status/bootstrap-phase` and the STATUS_CLIENT BOOTSTRAP body (§4.1.10):
    /// `NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"`.
    public static func bootstrap(_ status: ControlledBootstrapStatus) -> String {
        "NOTICE BOOTSTRAP PROGRESS=\(status.progress) TAG=\(status.tag) SUMMARY=\(ControlArgumentParser.quote(status.summary))"
    }

    /// A BW event body (§4.1.4): bytes read and written in the last second.
    public static func bandwidth(read: UInt64, written: UInt64) -> String { "\(read) \(written)" }

    /// `net/listeners/socks` (§3.9): each `address:port` quoted, space-separated.
    public static func socksListeners(_ listeners: [String]) -> String {
        listeners.map(ControlArgumentParser.quote).joined(separator: " ")
    }

    /// A `resilience/breakers` line (ours): `NAME STATE FAILURES=N`, state `closed`, `open`
    /// or `half-open`.
    public static func breaker(_ breaker: ControlledBreaker) -> String {
        "\(breaker.name) \(breakerState(breaker.state)) FAILURES=\(breaker.consecutiveFailures)"
    }

    /// The spelling of a breaker state on the control port.
    public static func breakerState(_ state: CircuitBreakerState) -> String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half-open"
        }
    }

    /// `torrc/status` (ours): `accepted`, or `rejected "why"`.
    public static func torrcStatus(_ status: ControlledTorrcStatus) -> String {
        switch status {
        case .accepted: "accepted"
        case .rejected(let message): "rejected " + ControlArgumentParser.quote(message)
        }
    }

    /// `$FINGERPRINT~nickname`, or `$FINGERPRINT` without a nickname (§2.4 LongName).
    public static func longName(_ relay: ControlledRelay) -> String {
        "$" + relay.fingerprint + (relay.nickname.map { "~" + $0 } ?? "")
    }

    /// `host:port`, with an IPv6 literal in brackets.
    static func target(_ stream: ControlledStream) -> String {
        let host = stream.targetHost.contains(":") && !stream.targetHost.hasPrefix("[") ? "[\(stream.targetHost)]" : stream.targetHost
        return "\(host):\(stream.targetPort)"
    }

    /// ISOTime2Frac (§2.4): `2026-11-23T04:00:00.000000`, UTC, microseconds.
    public static func isoTime(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var micro = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micro >= 1_000_000 {
            seconds += 1
            micro -= 1_000_000
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(micro), 6))"
    }
}
