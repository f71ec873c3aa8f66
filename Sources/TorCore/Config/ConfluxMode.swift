/// `ConfluxEnabled auto|0|1` (C tor's option): whether exit circuits are joined in pairs into
/// conflux sets (proposal 329), over which the exit spreads a stream's data.
///
/// `auto` follows the consensus parameter `cfx_enabled` (default 1, as in tor 0.4.9); `1` and
/// `0` override it. Conflux needs congestion control on every leg, so it also needs exits that
/// negotiate it (see ``CongestionControlMode``).
public enum ConfluxMode: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Follow the consensus's `cfx_enabled` (on when it is missing). The default.
    case automatic = "auto"
    /// Never: every stream uses one circuit.
    case off = "0"
    /// Always, whatever the consensus says.
    case on = "1"

    /// True when exit circuits should be joined into conflux sets, given the consensus's
    /// `cfx_enabled` (nil when not listed).
    public func enables(consensusValue: Int32?) -> Bool {
        switch self {
        case .off: false
        case .on: true
        case .automatic: consensusValue.map { $0 != 0 } ?? true
        }
    }

    /// The torrc spelling: `auto`, `0` or `1`.
    public var description: String { rawValue }
}
