import Testing
import TorCore
@testable import Circuit

/// TOR_VEGAS on the sending side of an exit hop (prop 324 2, 3.1.2, 3.3), with known answers
/// worked from the spec's formulas and tor 0.4.9's defaults (cwnd 124, sendme_inc 31,
/// gamma 186, cc_cwnd_inc_pct_ss 100, cc_ewma_ss 2). Times are microseconds.
@Suite struct CongestionWindowTests {
    static func digest(afterCell number: Int) -> [UInt8] { CircuitWindowTests.digest(afterCell: number) }

    static func sendme(afterCell number: Int) -> SendmeMessage { .authenticated(digest: digest(afterCell: number)) }

    static func send(_ count: Int, on window: inout CongestionWindow, alreadySent: Int = 0, at time: UInt64 = 0) throws {
        for number in (alreadySent + 1)...(alreadySent + count) {
            try window.didPackageDataCell(sentCellDigest: digest(afterCell: number), now: time)
        }
    }

    static func fresh(_ consensus: [String: Int32] = [:]) -> CongestionWindow {
        CongestionWindow(parameters: CongestionControlParameters(consensus: consensus), sendmeIncrement: 31)
    }

    @Test func theInitialWindowHoldsExactly124Cells() throws {
        var window = Self.fresh()
        try Self.send(123, on: &window)
        #expect(window.canPackage)
        try Self.send(1, on: &window, alreadySent: 123)
        #expect(!window.canPackage)
        let error = try #require(throws: CircuitError.self) {
            try window.didPackageDataCell(sentCellDigest: Self.digest(afterCell: 125), now: 0)
        }
        #expect(error.code == .flowControlWindowClosed)
    }

    @Test func everyThirtyFirstCellsDigestIsExpectedInOrder() throws {
        var window = Self.fresh()
        try Self.send(124, on: &window)
        let early = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(Self.sendme(afterCell: 62), channelBlocked: false, now: 1000)
        }
        #expect(early.code == .flowControlSendmeDigestMismatch)

        var second = Self.fresh()
        try Self.send(124, on: &second)
        for number in [31, 62, 93, 124] {
            try second.didReceiveSendme(Self.sendme(afterCell: number), channelBlocked: false, now: 1000)
        }
        let extra = try #require(throws: CircuitError.self) {
            try second.didReceiveSendme(Self.sendme(afterCell: 155), channelBlocked: false, now: 1000)
        }
        #expect(extra.code == .flowControlUnexpectedSendme)
        #expect(extra.kind == .protocolViolation)
    }

    @Test func aLegacySendmeIsRefused() throws {
        var window = Self.fresh()
        try Self.send(31, on: &window)
        let error = try #require(throws: CircuitError.self) {
            try window.didReceiveSendme(.legacy, channelBlocked: false, now: 1000)
        }
        #expect(error.code == .flowControlSendmeVersion)
    }

    @Test func firstSendmeInSlowStartGrowsTheWindowByOneIncrement() throws {
        var window = Self.fresh()
        try Self.send(124, on: &window, at: 0)
        try window.didReceiveSendme(Self.sendme(afterCell: 31), channelBlocked: false, now: 100_000)
        // RTT 100 ms; BDP = 124 * 100000 / 100000 = 124; queue 0 < gamma; full (124 + 31 >= 124);
        // increment (100 * 31 + 50) / 100 = 31.
        #expect(window.smoothedRTT == 100_000)
        #expect(window.minimumRTT == 100_000)
        #expect(window.bandwidthDelayProduct == 124)
        #expect(window.window == 155)
        #expect(window.inflight == 93)
        #expect(window.isInSlowStart)
        #expect(!window.isWindowFull, "fullness resets once per window of SENDMEs")
    }

    @Test func aSlowerSecondRoundTripStopsGrowthWhenNotFull() throws {
        var window = Self.fresh()
        try Self.send(124, on: &window, at: 0)
        try window.didReceiveSendme(Self.sendme(afterCell: 31), channelBlocked: false, now: 100_000)
        try window.didReceiveSendme(Self.sendme(afterCell: 62), channelBlocked: false, now: 300_000)
        // N-EWMA with N = 2: (2 * 300000 + 1 * 100000) / 3 = 233333; BDP = 155 * 100000 / 233333 = 66;
        // 100 * 93 < 75 * 155, so the window is not full and does not grow.
        #expect(window.smoothedRTT == 233_333)
        #expect(window.minimumRTT == 100_000)
        #expect(window.bandwidthDelayProduct == 66)
        #expect(window.window == 155)
        #expect(window.inflight == 62)
        #expect(window.isInSlowStart)
    }

    @Test func aQueueAboveGammaEndsSlowStartAtBDPPlusGamma() throws {
        var window = Self.fresh(["cc_vegas_gamma_exit": 50])
        try Self.send(124, on: &window, at: 0)
        try window.didReceiveSendme(Self.sendme(afterCell: 31), channelBlocked: false, now: 100_000)
        try window.didReceiveSendme(Self.sendme(afterCell: 62), channelBlocked: false, now: 300_000)
        // Queue 155 - 66 = 89 > gamma 50: cwnd = 66 + 50.
        #expect(window.window == 116)
        #expect(!window.isInSlowStart)
    }

    @Test func aBlockedChannelEndsSlowStart() throws {
        var window = Self.fresh()
        try Self.send(124, on: &window, at: 0)
        try window.didReceiveSendme(Self.sendme(afterCell: 31), channelBlocked: true, now: 100_000)
        #expect(window.window == 124 + 186)
        #expect(!window.isInSlowStart)
    }

    @Test func aZeroRoundTripIsAClockStallAndChangesNothingButInflight() throws {
        var window = Self.fresh()
        try Self.send(124, on: &window, at: 5000)
        try window.didReceiveSendme(Self.sendme(afterCell: 31), channelBlocked: false, now: 5000)
        #expect(window.window == 124)
        #expect(window.smoothedRTT == 0)
        #expect(window.inflight == 93)
    }

    @Test func steadyStateGrowsByOneCellWhenFullAndTheQueueIsLow() throws {
        var window = Self.fresh()
        try Self.send(124, on: &window, at: 0)
        // Leave slow start through a blocked channel: cwnd 310, BDP 124.
        try window.didReceiveSendme(Self.sendme(afterCell: 31), channelBlocked: true, now: 100_000)
        try Self.send(217, on: &window, alreadySent: 124, at: 200_000)  // inflight 93 -> 310
        // Unblocking is a congestion event: update now. RTT 100 ms again, so BDP = cwnd = 310,
        // queue 0 < alpha, full: cwnd + cc_cwnd_inc (1).
        try window.didReceiveSendme(Self.sendme(afterCell: 62), channelBlocked: false, now: 100_000)
        #expect(window.bandwidthDelayProduct == 310)
        #expect(window.window == 311)
        #expect(window.inflight == 279)
    }

    @Test func nEWMAUsesTheRoundingFormOfTheSpec() {
        #expect(CongestionWindow.nEWMA(300, previous: 100, count: 2) == 233)
        #expect(CongestionWindow.nEWMA(300, previous: 0, count: 2) == 300)
        #expect(CongestionWindow.nEWMA(1000, previous: 500, count: 10) == 590)
    }

    @Test func slowStartIncrementFollowsRFC3742AboveTheCap() {
        var window = Self.fresh()
        #expect(window.slowStartIncrement == 31)
        window.window = 600
        // (31 * 500 + 600) / (2 * 600) = 13
        #expect(window.slowStartIncrement == 13)
        window.window = 100_000
        #expect(window.slowStartIncrement == 1)
    }

    @Test func deliverSideSendsASendmeEveryThirtyOneCells() throws {
        var window = CircuitWindow(increment: 31)
        for number in 1...30 {
            #expect(window.didDeliverDataCell(receivedCellDigest: Self.digest(afterCell: number)) == nil)
        }
        let sendme = window.didDeliverDataCell(receivedCellDigest: Self.digest(afterCell: 31))
        #expect(sendme == .authenticated(digest: Self.digest(afterCell: 31)))
        #expect(window.deliverWindow == CircuitWindow.initialWindow)
    }
}
