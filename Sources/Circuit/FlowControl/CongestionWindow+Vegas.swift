/// The TOR_VEGAS window update run at every SENDME (prop 324 3.3, with tor 0.4.9's defaults).
extension CongestionWindow {
    /// One Vegas step for a SENDME acknowledging the cell sent at `sentAt`; always ends by
    /// taking ``sendmeIncrement`` cells out of flight.
    mutating func vegasStep(sentAt: UInt64, channelBlocked: Bool, now: UInt64) {
        defer { inflight = max(0, inflight - sendmeIncrement) }
        if updateCountdown > 0 { updateCountdown -= 1 }
        if windowCountdown > 0 { windowCountdown -= 1 }

        let rtt = updateRTT(sentAt: sentAt, now: now)
        // A stalled or jumping clock says nothing about the path: skip the update.
        guard updateBandwidthDelayProduct(rtt: rtt, channelBlocked: channelBlocked) else { return }

        let queueUse = max(0, window - bandwidthDelayProduct)
        if becameFull {
            isWindowFull = true
        } else if becameNonFull {
            isWindowFull = false
        }

        let gamma = Int(parameters.vegasGamma)
        if isInSlowStart {
            if queueUse < gamma, !wasChannelBlocked {
                if isWindowFull {
                    let increment = slowStartIncrement
                    window += increment
                    // The limited slow start grows no faster than steady state would.
                    if increment * sendmesPerWindow
                        <= Int(parameters.windowIncrement) * Int(parameters.windowIncrementRate)
                    {
                        isInSlowStart = false
                    }
                }
            } else {
                window = bandwidthDelayProduct + gamma
                isInSlowStart = false
            }
            let ceiling = Int(parameters.slowStartMaximum)
            if window >= ceiling {
                window = ceiling
                isInSlowStart = false
            }
        } else if updateCountdown == 0 {
            let step = Int(parameters.windowIncrement)
            if queueUse > Int(parameters.vegasDelta) {
                window = bandwidthDelayProduct + Int(parameters.vegasDelta) - step
            } else if queueUse > Int(parameters.vegasBeta) || wasChannelBlocked {
                window -= step
            } else if isWindowFull, queueUse < Int(parameters.vegasAlpha) {
                window += step
            }
            window = max(window, Int(parameters.minimumWindow))
        }

        if windowCountdown == 0 { windowCountdown = sendmesPerWindow }
        if updateCountdown == 0 { updateCountdown = updateRate }
        let resetFullness =
            parameters.fullPerWindow == 1
            ? windowCountdown == sendmesPerWindow
            : updateCountdown == updateRate
        if resetFullness { isWindowFull = false }
        window = min(window, Int(parameters.maximumWindow))
    }

    /// cwnd_is_full: in flight within cc_cwnd_full_gap increments of the window.
    private var becameFull: Bool {
        inflight + Int(parameters.fullGap) * sendmeIncrement >= window
    }

    /// cwnd_is_nonfull: in flight below cc_cwnd_full_minpct percent of the window.
    private var becameNonFull: Bool {
        100 * inflight < Int(parameters.fullMinimumPercent) * window
    }

    /// rfc3742_ss_inc: cc_cwnd_inc_pct_ss percent of sendme_inc below cc_sscap_exit, then the
    /// RFC 3742 increment sendme_inc * cap / (2 * cwnd), rounded, at least 1.
    var slowStartIncrement: Int {
        let cap = Int(parameters.slowStartCap)
        if window <= cap {
            return (Int(parameters.slowStartIncrementPercent) * sendmeIncrement + 50) / 100
        }
        return max((sendmeIncrement * cap + window) / (2 * window), 1)
    }
}
