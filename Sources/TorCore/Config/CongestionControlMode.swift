/// `CongestionControl auto|0|1`: whether exit circuits negotiate congestion control with their
/// exit (proposal 324 §10, through the ntor v3 handshake of proposal 332). This client's own
/// option; C tor has none and follows the consensus alone.
///
/// The two ways to read a consensus that does not list `cc_alg` differ: prop 324 §10.1 says a
/// client SHOULD NOT negotiate then, while tor 0.4.9 clients take a missing `cc_alg` as Vegas
/// and negotiate. `1` follows tor 0.4.9. `auto` does too when the circuit will be a conflux
/// leg (conflux needs congestion control, proposal 329), and otherwise follows the proposal:
/// on the private loopback network, whose consensus lists no cc_ parameters, one circuit with
/// congestion control measured slower than fixed windows, and a conflux pair faster than both
/// (benchmarks/PROFILE.md). All three honour an explicit `cc_alg=0`.
public enum CongestionControlMode: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Negotiate when the consensus lists a nonzero `cc_alg` (prop 324 §10.1), or lists none
    /// and the circuit is meant for conflux. The default.
    case automatic = "auto"
    /// Never negotiate: fixed circuit and stream windows (tor-spec 7.3, 7.4).
    case off = "0"
    /// Negotiate unless the consensus lists `cc_alg=0`, as tor 0.4.9 clients do.
    case on = "1"

    /// True when an exit circuit should ask for congestion control, given the consensus's
    /// `cc_alg` (nil when the params line does not list it) and whether the circuit is meant
    /// to become a conflux leg. The exit must also support it (FlowCtrl=2, Relay=4), which the
    /// caller checks.
    public func negotiates(consensusAlgorithm: Int32?, forConflux: Bool = false) -> Bool {
        switch self {
        case .off: false
        case .on: consensusAlgorithm.map { $0 != 0 } ?? true
        case .automatic: consensusAlgorithm.map { $0 != 0 } ?? forConflux
        }
    }

    /// The torrc spelling: `auto`, `0` or `1`.
    public var description: String { rawValue }
}
