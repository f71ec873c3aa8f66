/// The `SafeLogging` option: whether addresses, hostnames and keys are scrubbed from logs
/// (tor(1), SafeLogging: `0`, `1` or `relay`; default 1).
public enum SafeLoggingMode: String, Sendable, Equatable, CustomStringConvertible {
    /// `0`: nothing is scrubbed.
    case disabled = "0"
    /// `1`: everything sensitive is scrubbed.
    case enabled = "1"
    /// `relay`: only messages about being a relay are scrubbed; a client never is one, so for
    /// this client it scrubs nothing.
    case relay

    /// Whether ``Redacted`` values print `[scrubbed]` (the value for ``SafeLogging/isEnabled``).
    public var scrubsClientMessages: Bool { self == .enabled }

    /// The torrc spelling.
    public var description: String { rawValue }

    /// Reads `0`, `1` or `relay` (case-insensitively).
    static func parse(_ entry: TorrcEntry) throws -> SafeLoggingMode {
        guard let mode = SafeLoggingMode(rawValue: entry.value.lowercased()) else {
            throw entry.error(.configBadValue, "not a SafeLogging mode", fix: "use 1 (scrub), 0 (do not scrub) or relay")
        }
        return mode
    }
}
