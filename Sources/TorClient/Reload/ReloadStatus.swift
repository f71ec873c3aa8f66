import Glibc

/// The last thing the reloader did with the torrc, for `torctl status` and the control port.
public enum ReloadStatus: Sendable, Equatable {
    /// The torrc has not been looked at since the client started.
    case notChecked
    /// The file's current content is running, since `at` (wall-clock time since the Unix epoch);
    /// `failedTargets` names the components that could not take it (empty when all did).
    case accepted(at: Duration, failedTargets: [String])
    /// The file's current content was rejected at `at`; `message` says which line and why.
    case rejected(at: Duration, message: String)

    /// One line for a status display: `accepted at 2026-11-23 05:01:02 UTC`, or the rejection.
    public var summary: String {
        switch self {
        case .notChecked:
            return "torrc not checked since start"
        case .accepted(let at, let failed):
            let base = "torrc accepted at \(Self.format(at))"
            return failed.isEmpty ? base : base + "; not applied to: " + failed.joined(separator: ", ")
        case .rejected(let at, let message):
            return "torrc rejected at \(Self.format(at)): \(message)"
        }
    }

    /// `YYYY-MM-DD HH:MM:SS UTC`.
    static func format(_ time: Duration) -> String {
        var seconds = time_t(time.components.seconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return PrintfFormat.string(
            "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
