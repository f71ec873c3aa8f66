/// The consensus parameters of congestion control that a client reads for an exit circuit
/// (prop 324 6.5; names as in the consensus "params" line).
///
/// Defaults and bounds are those tor 0.4.9 applies when the consensus does not list a
/// parameter, which for several of them differ from the tuning notes of prop 324 6.5 (the
/// proposal lists cc_cwnd_inc 31, cc_cwnd_inc_pct_ss 50, cc_cwnd_inc_rate 1, cc_cwnd_min 31 and
/// cc_cwnd_full_gap "1-2"; tor ships 1, 100, 31, 124 and 1). A missing `cc_alg` means Vegas (2)
/// in tor 0.4.9, so a consensus that does not mention congestion control still turns it on:
/// the private test network's consensus lists no cc_ parameters and its exits answer our CC
/// request, so we follow the relays. Values are clamped into their bounds, as tor's
/// `networkstatus_get_param` does.
public struct CongestionControlParameters: Sendable, Hashable {
    /// cc_alg: 0 = fixed windows (no negotiation), 2 = Vegas. Default 2 (tor 0.4.9).
    public var algorithm: Int32
    /// cc_sendme_inc: DATA cells per circuit SENDME, the value the exit's answer is checked
    /// against (prop 324 10.5). Default 31, bounds 1...254 (tor).
    public var sendmeIncrement: Int32
    /// cc_cwnd_init: the first congestion window, in cells. Default 124 (4*31).
    public var initialWindow: Int32
    /// cc_cwnd_min: the smallest congestion window. Default 124.
    public var minimumWindow: Int32
    /// cc_cwnd_max: the largest congestion window. Default INT32_MAX.
    public var maximumWindow: Int32
    /// cc_cwnd_inc: cells added or removed per steady-state update. Default 1.
    public var windowIncrement: Int32
    /// cc_cwnd_inc_pct_ss: slow-start increment, in percent of sendme_inc. Default 100.
    public var slowStartIncrementPercent: Int32
    /// cc_cwnd_inc_rate: steady-state updates per congestion window. Default 31.
    public var windowIncrementRate: Int32
    /// cc_ewma_cwnd_pct: N of the RTT N-EWMA, in percent of the SENDMEs per window. Default 50.
    public var ewmaWindowPercent: Int32
    /// cc_ewma_max: the largest N of the RTT N-EWMA after slow start. Default 10.
    public var ewmaMaximum: Int32
    /// cc_ewma_ss: N of the RTT N-EWMA during slow start. Default 2.
    public var ewmaSlowStart: Int32
    /// cc_rtt_reset_pct: where min RTT is reset to, between it and the EWMA, when the window
    /// sits at its minimum. Default 100.
    public var rttResetPercent: Int32
    /// cc_vegas_alpha_exit: queue estimate below which the window grows. Default 124 (2*62).
    public var vegasAlpha: Int32
    /// cc_vegas_beta_exit: queue estimate above which the window shrinks. Default 248 (4*62).
    public var vegasBeta: Int32
    /// cc_vegas_gamma_exit: queue estimate that ends slow start. Default 186 (3*62).
    public var vegasGamma: Int32
    /// cc_vegas_delta_exit: queue estimate that cuts the window hard. Default 372 (6*62).
    public var vegasDelta: Int32
    /// cc_sscap_exit: the RFC 3742 cap after which slow start grows more slowly. Default 500.
    public var slowStartCap: Int32
    /// cc_ss_max: the hard ceiling of the window during slow start. Default 5000.
    public var slowStartMaximum: Int32
    /// cc_cwnd_full_gap: SENDME increments of slack to still call the window full. Default 1.
    public var fullGap: Int32
    /// cc_cwnd_full_minpct: below this percent in use the window is not full. Default 75.
    public var fullMinimumPercent: Int32
    /// cc_cwnd_full_per_cwnd: 1 = fullness resets once per window, 0 = per update. Default 1.
    public var fullPerWindow: Int32
    /// cc_xoff_client: cells' worth of queued stream data (498 bytes each) above which the
    /// client sends XOFF (prop 324 6.5.5). Default 500.
    public var xoffClientCells: Int32

    /// tor's OUTBUF_CELLS (2 TLS records of 31 cells), the unit of the Vegas defaults.
    static let outbufCells: Int32 = 62

    /// The parameters of a consensus "params" line; missing ones take tor 0.4.9's defaults.
    public init(consensus parameters: [String: Int32] = [:]) {
        func value(_ name: String, _ fallback: Int32, _ minimum: Int32, _ maximum: Int32) -> Int32 {
            guard let raw = parameters[name] else { return fallback }
            return min(max(raw, minimum), maximum)
        }
        algorithm = value("cc_alg", 2, 0, 2)
        sendmeIncrement = value("cc_sendme_inc", 31, 1, 254)
        initialWindow = value("cc_cwnd_init", 124, 31, 10_000)
        minimumWindow = value("cc_cwnd_min", 124, 31, 1000)
        maximumWindow = value("cc_cwnd_max", .max, 500, .max)
        windowIncrement = value("cc_cwnd_inc", 1, 1, 1000)
        slowStartIncrementPercent = value("cc_cwnd_inc_pct_ss", 100, 1, 500)
        windowIncrementRate = value("cc_cwnd_inc_rate", 31, 1, 250)
        ewmaWindowPercent = value("cc_ewma_cwnd_pct", 50, 1, 255)
        ewmaMaximum = value("cc_ewma_max", 10, 2, .max)
        ewmaSlowStart = value("cc_ewma_ss", 2, 2, .max)
        rttResetPercent = value("cc_rtt_reset_pct", 100, 0, 100)
        vegasAlpha = value("cc_vegas_alpha_exit", 2 * Self.outbufCells, 0, 1000)
        vegasBeta = value("cc_vegas_beta_exit", 4 * Self.outbufCells, 0, 1000)
        vegasGamma = value("cc_vegas_gamma_exit", 3 * Self.outbufCells, 0, 1000)
        vegasDelta = value("cc_vegas_delta_exit", 6 * Self.outbufCells, 0, .max)
        slowStartCap = value("cc_sscap_exit", 500, 100, .max)
        slowStartMaximum = value("cc_ss_max", 5000, 500, .max)
        fullGap = value("cc_cwnd_full_gap", 1, 0, Int32(Int16.max))
        fullMinimumPercent = value("cc_cwnd_full_minpct", 75, 0, 100)
        fullPerWindow = value("cc_cwnd_full_per_cwnd", 1, 0, 1)
        xoffClientCells = value("cc_xoff_client", 500, 1, 10_000)
    }

    /// True when the consensus asks clients to negotiate congestion control (prop 324 10.1:
    /// a nonzero cc_alg).
    public var isEnabled: Bool { algorithm != 0 }

    /// Queued stream bytes above which the client sends XOFF (prop 324 4.1.1).
    public var xoffClientBytes: Int { Int(xoffClientCells) * 498 }
}
