import Testing
@testable import TorCore

/// `CongestionControl auto|0|1`: parsing, and which consensus makes exit circuits negotiate.
@Suite struct CongestionControlModeTests {
    @Test func theDefaultIsAuto() throws {
        #expect(try TorrcFixture.configuration("").congestionControl == .automatic)
    }

    @Test(arguments: [("auto", CongestionControlMode.automatic), ("AUTO", .automatic), ("0", .off), ("1", .on)])
    func eachSpellingParses(_ value: String, _ expected: CongestionControlMode) throws {
        #expect(try TorrcFixture.configuration("CongestionControl \(value)").congestionControl == expected)
    }

    @Test func anythingElseIsAnErrorThatSaysWhatToWrite() throws {
        let error = try TorrcFixture.onlyError("CongestionControl yes")
        #expect(error.code == .configBadValue)
        #expect(error.reason.contains("auto (the default), 0 (off) or 1 (on)"))
    }

    @Test func aChangeNeedsARestart() throws {
        let before = try TorrcFixture.configuration("")
        let after = try TorrcFixture.configuration("CongestionControl 1")
        #expect(after.changedOptions(from: before) == ["CongestionControl"])
    }

    /// prop 324 10.1 for auto (no cc_alg: no negotiation), tor 0.4.9 for 1 (no cc_alg: Vegas);
    /// an explicit cc_alg=0 turns both off, and 0 never negotiates.
    @Test(arguments: [
        (CongestionControlMode.automatic, Int32?.none, false), (.automatic, 2, true), (.automatic, 0, false),
        (.on, nil, true), (.on, 2, true), (.on, 0, false),
        (.off, nil, false), (.off, 2, false), (.off, 0, false),
    ])
    func whenExitCircuitsNegotiate(_ mode: CongestionControlMode, _ algorithm: Int32?, _ expected: Bool) {
        #expect(mode.negotiates(consensusAlgorithm: algorithm) == expected)
    }
}

/// `ConfluxEnabled auto|0|1` and what it asks of congestion control.
@Suite struct ConfluxModeTests {
    @Test func theDefaultIsAuto() throws {
        #expect(try TorrcFixture.configuration("").conflux == .automatic)
    }

    @Test(arguments: [("auto", ConfluxMode.automatic), ("0", .off), ("1", .on)])
    func eachSpellingParses(_ value: String, _ expected: ConfluxMode) throws {
        #expect(try TorrcFixture.configuration("ConfluxEnabled \(value)").conflux == expected)
    }

    @Test func anythingElseIsAnError() throws {
        #expect(try TorrcFixture.onlyError("ConfluxEnabled maybe").code == .configBadValue)
    }

    @Test func aChangeNeedsARestart() throws {
        let before = try TorrcFixture.configuration("")
        let after = try TorrcFixture.configuration("ConfluxEnabled 0")
        #expect(after.changedOptions(from: before) == ["ConfluxEnabled"])
    }

    /// auto follows cfx_enabled (on when missing, as tor 0.4.9); 1 and 0 override it.
    @Test(arguments: [
        (ConfluxMode.automatic, Int32?.none, true), (.automatic, 1, true), (.automatic, 0, false),
        (.on, 0, true), (.on, nil, true), (.off, nil, false), (.off, 1, false),
    ])
    func whenSetsAreBuilt(_ mode: ConfluxMode, _ consensus: Int32?, _ expected: Bool) {
        #expect(mode.enables(consensusValue: consensus) == expected)
    }

    /// auto negotiates congestion control without a cc_alg only for a conflux leg, which
    /// needs it; an explicit cc_alg=0 still wins.
    @Test func congestionControlAutoFollowsConflux() {
        #expect(CongestionControlMode.automatic.negotiates(consensusAlgorithm: nil, forConflux: true))
        #expect(!CongestionControlMode.automatic.negotiates(consensusAlgorithm: nil, forConflux: false))
        #expect(!CongestionControlMode.automatic.negotiates(consensusAlgorithm: 0, forConflux: true))
        #expect(!CongestionControlMode.off.negotiates(consensusAlgorithm: nil, forConflux: true))
    }
}
