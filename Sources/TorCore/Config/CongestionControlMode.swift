/// `CongestionControl auto|0|1`: whether exit circuits negotiate congestion control with their
/// exit (proposal 324 §10, through the ntor v3 handshake of proposal 332). This client's own
/// option; C tor has none and follows the consensus alone.
///
/// The two ways to read a consensus that does not list `cc_alg` differ: prop 324 §10.1 says a
/// client SHOULD NOT negotiate then, while tor 0.4.9 clients take a missing `cc_alg` as Vegas
/// and negotiate. `auto` follows the proposal; `1` follows tor 0.4.9. Both honour an explicit
/// `cc_alg=0`. We default to the proposal's reading because on the private loopback network,
/// whose consensus lists no cc_ parameters, our congestion-controlled downloads measured
/// slower than our fixed-window ones (benchmarks/PROFILE.md), while a consensus that lists
/// `cc_alg` nonzero still gets congestion control.
public enum CongestionControlMode: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Negotiate when the consensus lists a nonzero `cc_alg` (prop 324 §10.1). The default.
    case automatic = "auto"
    /// Never negotiate: fixed circuit and stream windows (tor-spec 7.3, 7.4).
    case off = "0"
    /// Negotiate unless the consensus lists `cc_alg=0`, as tor 0.4.9 clients do.
    case on = "1"

    /// True when an exit circuit should ask for congestion control, given the consensus's
    /// `cc_alg` (nil when the params line does not list it). The exit must also support it
    /// (FlowCtrl=2, Relay=4), which the caller checks.
    public func negotiates(consensusAlgorithm: Int32?) -> Bool {
        switch self {
        case .off: false
        case .on: consensusAlgorithm.map { $0 != 0 } ?? true
        case .automatic: consensusAlgorithm.map { $0 != 0 } ?? false
        }
    }

    /// The torrc spelling: `auto`, `0` or `1`.
    public var description: String { rawValue }
}
