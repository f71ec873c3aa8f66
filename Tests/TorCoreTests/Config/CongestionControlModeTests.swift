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
