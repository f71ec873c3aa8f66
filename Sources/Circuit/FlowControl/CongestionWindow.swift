import NIOCore
import TorCore

/// The sending side of a hop that negotiated congestion control: TOR_VEGAS with RFC 3742
/// limited slow start (prop 324 2, 3.1, 3.3), as tor 0.4.9 runs it for exit circuits.
///
/// It replaces the fixed 1000-cell package window: DATA cells may be sent while ``inflight``
/// (cells not yet acknowledged by a SENDME) is below ``window`` (cwnd). Each circuit SENDME
/// acknowledges ``sendmeIncrement`` cells, measures one round trip and runs one Vegas step.
///
/// Authenticated SENDMEs (prop 324 2.2, tor-spec 7.3.1): the cell whose sending makes the
/// number of cells sent a multiple of ``sendmeIncrement`` is the one the exit's SENDME will
/// echo, so its digest and the time it left are remembered (tor checks `(inflight + 1) %
/// sendme_inc == 0` with a nonzero inflight before counting the cell; the same rule here).
///
/// Pure value: the caller passes the time (monotonic microseconds) and whether its channel
/// is backed up, so tests drive it with exact numbers. Invariants: inflight >= 0; window is
/// within [cc_cwnd_min, cc_cwnd_max] after every SENDME; at most one remembered digest per
/// ``sendmeIncrement`` cells in flight.
public struct CongestionWindow: Sendable {
    /// prop 324 2.1.1: an RTT this many times larger or smaller than the EWMA is a clock jump.
    public static let clockJumpRatio: UInt64 = 5000

    /// The consensus parameters this window was created with.
    public let parameters: CongestionControlParameters
    /// Cells per SENDME, as negotiated with the exit (prop 324 10.3).
    public let sendmeIncrement: Int
    /// cwnd: how many cells may be in flight.
    public internal(set) var window: Int
    /// Cells sent and not yet acknowledged by a SENDME.
    public internal(set) var inflight = 0
    /// True until Vegas leaves slow start (prop 324 3.3).
    public internal(set) var isInSlowStart = true
    /// Whether the window counted as full at the last SENDME (prop 324 3.3, cwnd_is_full).
    public internal(set) var isWindowFull = false
    /// N-EWMA of the round trip time, microseconds; 0 before the first usable sample.
    public internal(set) var smoothedRTT: UInt64 = 0
    /// The lowest smoothed RTT seen (reset upward at the minimum window), microseconds.
    public internal(set) var minimumRTT: UInt64 = 0
    /// The largest single RTT seen, microseconds.
    public internal(set) var maximumRTT: UInt64 = 0
    /// The Vegas BDP estimate, cwnd * minimumRTT / smoothedRTT (prop 324 3.1.2), in cells.
    public internal(set) var bandwidthDelayProduct = 0

    /// SENDMEs until the next window update (next_cc_event).
    var updateCountdown: Int
    /// SENDMEs until a full window of them was seen (next_cwnd_event).
    var windowCountdown = 0
    /// Whether the channel was backed up at the previous SENDME (blocked_chan).
    var wasChannelBlocked = false
    /// A zero RTT was seen and no sane one since (is_monotime_clock_broken).
    var clockLooksStalled = false
    /// Digest and send time of each cell whose SENDME is still to come, oldest first.
    private var pending = CircularBuffer<(digest: [UInt8], sentAt: UInt64)>(initialCapacity: 16)

    /// A fresh window for a hop that agreed to a SENDME every `sendmeIncrement` cells.
    public init(parameters: CongestionControlParameters, sendmeIncrement: Int) {
        self.parameters = parameters
        self.sendmeIncrement = max(1, sendmeIncrement)
        window = Int(parameters.initialWindow)
        updateCountdown = 1  // CWND_UPDATE_RATE in slow start
    }

    /// True while a DATA cell may be sent: cwnd - inflight > 0 (prop 324 3).
    public var canPackage: Bool { inflight < window }

    /// Counts a DATA cell just encrypted for the hop.
    ///
    /// - Parameters:
    ///   - sentCellDigest: the hop's running forward digest after the cell; evaluated only for
    ///     cells whose SENDME is to come.
    ///   - now: monotonic time in microseconds.
    /// - Throws: `flowControl.windowClosed` (internal failure) when the window was full.
    public mutating func didPackageDataCell(sentCellDigest: @autoclosure () -> [UInt8], now: UInt64) throws {
        guard canPackage else {
            throw CircuitError(
                .flowControlWindowClosed, kind: .internalFailure,
                "a DATA cell was sent while the congestion window was full")
        }
        if inflight != 0, (inflight + 1) % sendmeIncrement == 0 {
            pending.append((Array(sentCellDigest().prefix(CircuitWindow.sendmeDigestLength)), now))
        }
        inflight += 1
    }

    /// Applies a circuit SENDME from the hop: checks it like ``CircuitWindow`` does, measures
    /// the round trip of the cell it acknowledges and runs one Vegas step (prop 324 3.3).
    ///
    /// - Parameters:
    ///   - channelBlocked: whether our channel to the first hop is backed up now, tor's
    ///     "orconn blocked" congestion signal.
    ///   - now: monotonic time in microseconds.
    /// - Throws: `flowControl.unexpectedSendme` when no SENDME is due; the errors of
    ///   ``CircuitWindow/verifySendme(version:digest:expected:minimumAcceptedVersion:)``.
    public mutating func didReceiveSendme(
        _ sendme: SendmeMessage, channelBlocked: Bool, now: UInt64,
        minimumAcceptedVersion: UInt8 = CircuitWindow.authenticatedVersion
    ) throws {
        guard let expected = pending.popFirst() else {
            throw CircuitError(
                .flowControlUnexpectedSendme, kind: .protocolViolation,
                "the exit sent a circuit SENDME when none was due (\(inflight) cells in flight); "
                    + "the circuit must be closed")
        }
        try CircuitWindow.verifySendme(
            version: sendme.version, digest: sendme.digest, expected: expected.digest,
            minimumAcceptedVersion: minimumAcceptedVersion)
        vegasStep(sentAt: expected.sentAt, channelBlocked: channelBlocked, now: now)
    }

    // MARK: Estimates (prop 324 2.1, 3.1.2)

    /// SENDMEs per congestion window, rounded (SENDME_PER_CWND).
    var sendmesPerWindow: Int { (window + sendmeIncrement / 2) / sendmeIncrement }

    /// SENDMEs between window updates: 1 in slow start (CWND_UPDATE_RATE).
    var updateRate: Int {
        if isInSlowStart { return 1 }
        let perUpdate = Int(parameters.windowIncrementRate) * sendmeIncrement
        return (window + perUpdate / 2) / perUpdate
    }

    /// N of the RTT N-EWMA (prop 324 2.1.2), at least 2.
    var ewmaCount: UInt64 {
        let count =
            isInSlowStart
            ? Int(parameters.ewmaSlowStart)
            : min(updateRate * Int(parameters.ewmaWindowPercent) / 100, Int(parameters.ewmaMaximum))
        return UInt64(max(count, 2))
    }

    /// N_EWMA = (2 * current + (N - 1) * previous) / (N + 1), or the current value when there
    /// is no previous one (prop 324 2.1.2: this form, for the same rounding as tor).
    static func nEWMA(_ current: UInt64, previous: UInt64, count: UInt64) -> UInt64 {
        guard previous != 0 else { return current }
        return (2 * current + (count - 1) * previous) / (count + 1)
    }

    /// Updates the RTT estimates with the cell sent at `sentAt`; returns the RTT used, or 0
    /// when the sample looks like a stalled or jumping clock (prop 324 2.1.1).
    mutating func updateRTT(sentAt: UInt64, now: UInt64) -> UInt64 {
        let rtt = now > sentAt ? now - sentAt : 0
        if clockStalledOrJumped(previous: smoothedRTT, current: rtt) { return 0 }
        smoothedRTT = Self.nEWMA(rtt, previous: smoothedRTT, count: ewmaCount)
        maximumRTT = max(maximumRTT, rtt)
        if minimumRTT == 0 {
            minimumRTT = smoothedRTT
        } else if window == Int(parameters.minimumWindow), !isInSlowStart {
            // Stuck at the minimum window, perhaps from an abnormally low min RTT: raise it.
            let percent = UInt64(parameters.rttResetPercent)
            let high = max(smoothedRTT, minimumRTT)
            let low = min(smoothedRTT, minimumRTT)
            minimumRTT = percent * high / 100 + (100 - percent) * low / 100
        } else if smoothedRTT < minimumRTT {
            minimumRTT = smoothedRTT
        }
        return rtt
    }

    private mutating func clockStalledOrJumped(previous: UInt64, current: UInt64) -> Bool {
        if current == 0 {
            clockLooksStalled = true
            return true
        }
        // Heuristics only once there is a baseline: after slow start, with an EWMA.
        guard !isInSlowStart, previous != 0 else { return false }
        if previous > current * Self.clockJumpRatio { return clockLooksStalled }
        if current > previous * Self.clockJumpRatio { return true }
        clockLooksStalled = false
        return false
    }

    /// Updates the BDP estimate after the RTT; false when neither a usable RTT nor a channel
    /// signal came with this SENDME, so Vegas must skip the step.
    mutating func updateBandwidthDelayProduct(rtt: UInt64, channelBlocked: Bool) -> Bool {
        guard smoothedRTT != 0 else {
            // No RTT ever measured: the window is the only estimate.
            bandwidthDelayProduct = window
            wasChannelBlocked = channelBlocked
            return channelBlocked
        }
        bandwidthDelayProduct = Int(UInt64(window) * minimumRTT / smoothedRTT)
        if channelBlocked != wasChannelBlocked {
            // Blocking and unblocking are congestion events of their own.
            wasChannelBlocked = channelBlocked
            updateCountdown = 0
        }
        return channelBlocked || rtt != 0
    }
}
