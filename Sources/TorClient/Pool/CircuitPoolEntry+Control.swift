import ControlPort
import Directory
import FoundationEssentials
import Glibc

/// The control port's text for pooled circuits: one line of GETINFO circuit-status, or the
/// body of a `650 CIRC` event (control-spec.txt §4.1.1, and §3.9 "circuit-status": the event
/// line without its leading "650 CIRC ").
enum CircuitControlText {
    /// Every pooled circuit is a general-purpose exit circuit that wants fast relays.
    static let purpose = "GENERAL"
    static let buildFlags = "NEED_CAPACITY"

    /// `ID STATUS [PATH] BUILD_FLAGS=… PURPOSE=GENERAL TIME_CREATED=… [REASON=…]
    /// [SOCKS_USERNAME=… SOCKS_PASSWORD=…]`.
    static func line(
        id: CircuitPoolID, status: CircuitStatus, relays: [Relay], timeCreated: Date,
        reason: CircuitCloseReason?, isolation: StreamIsolationKey?
    ) -> String {
        var words = ["\(id)", status.rawValue]
        // The path is given once at least one hop is done (§4.1.1).
        if !relays.isEmpty { words.append(relays.map(\.description).joined(separator: ",")) }
        words.append("BUILD_FLAGS=\(buildFlags)")
        words.append("PURPOSE=\(purpose)")
        words.append("TIME_CREATED=\(isoTime(timeCreated))")
        if let reason { words.append("REASON=\(reason.rawValue)") }
        if let isolation, let username = isolation.username {
            words.append("SOCKS_USERNAME=" + ControlArgumentParser.quote(String(decoding: username, as: UTF8.self)))
            words.append("SOCKS_PASSWORD=" + ControlArgumentParser.quote(String(decoding: isolation.password ?? [], as: UTF8.self)))
        }
        return words.joined(separator: " ")
    }

    /// ISOTime2Frac in UTC with microseconds (`2026-11-23T05:17:31.250000`).
    static func isoTime(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        let micros = Int(((interval - interval.rounded(.down)) * 1_000_000).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(micros)
        let padded = String(repeating: "0", count: max(0, 6 - fraction.count)) + fraction
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(padded)"
    }
}

extension CircuitPoolEntry {
    /// This circuit's line of GETINFO circuit-status (control-spec.txt §3.9, §4.1.1).
    public var controlStatusLine: String {
        CircuitControlText.line(
            id: id, status: status, relays: relays, timeCreated: timeCreated, reason: nil, isolation: isolation)
    }
}

extension CircuitPoolEvent {
    /// The event's text after `650 CIRC ` (control-spec.txt §4.1.1).
    public var controlEventBody: String {
        CircuitControlText.line(
            id: id, status: status, relays: relays, timeCreated: timeCreated, reason: reason, isolation: nil)
    }
}
