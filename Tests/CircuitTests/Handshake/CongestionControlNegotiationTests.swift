import Testing
import TorCore
@testable import Circuit

/// Congestion control negotiation inside ntor v3 (prop 324 10.3, 10.5): the request CM, the
/// exit's response SM, and one case per invalid answer.
@Suite struct CongestionControlNegotiationTests {
    static func negotiate(_ message: [UInt8], requested: Bool = true, consensus: Int = 31) throws -> Int? {
        try CongestionControlNegotiation.negotiatedIncrement(
            serverMessage: message, requested: requested, consensusIncrement: consensus)
    }

    static func expectRejected(
        _ message: [UInt8], requested: Bool = true, consensus: Int = 31, _ code: CircuitError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: CircuitError.self, sourceLocation: sourceLocation) {
            _ = try negotiate(message, requested: requested, consensus: consensus)
        }
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(error?.kind == .protocolViolation, sourceLocation: sourceLocation)
    }

    @Test func requestIsOneEmptyFieldOfTypeOne() {
        #expect(CongestionControlNegotiation.requestMessage == [0x01, 0x01, 0x00])
        #expect(CongestionControlNegotiation.emptyMessage == [0x00])
    }

    @Test func responseCarriesTheExitsSendmeIncrement() throws {
        #expect(try Self.negotiate([0x01, 0x02, 0x01, 0x1F]) == 31)
    }

    @Test func noResponseMeansNoCongestionControl() throws {
        #expect(try Self.negotiate([0x00]) == nil)
        #expect(try Self.negotiate([0x01, 0x7A, 0x00]) == nil, "an unknown field alone is no answer")
    }

    @Test func unknownFieldsAreIgnoredAndTheFirstResponseWins() throws {
        #expect(try Self.negotiate([0x03, 0x7A, 0x02, 0xAA, 0xBB, 0x02, 0x01, 0x20, 0x02, 0x01, 0x05]) == 32)
    }

    @Test func theFactorOfTwoBoundsAreInclusive() throws {
        #expect(try Self.negotiate([0x01, 0x02, 0x01, 16]) == 16)
        #expect(try Self.negotiate([0x01, 0x02, 0x01, 62]) == 62)
    }

    @Test func anUnrequestedResponseIsRejected() {
        Self.expectRejected([0x01, 0x02, 0x01, 0x1F], requested: false, .congestionControlUnrequested)
    }

    @Test func anEmptyResponseBodyIsRejected() {
        Self.expectRejected([0x01, 0x02, 0x00], .congestionControlBadResponse)
    }

    @Test func aTwoByteResponseBodyIsRejected() {
        Self.expectRejected([0x01, 0x02, 0x02, 0x00, 0x1F], .congestionControlBadResponse)
    }

    @Test func anIncrementOfZeroIsRejected() {
        Self.expectRejected([0x01, 0x02, 0x01, 0x00], .congestionControlBadIncrement)
    }

    @Test func anIncrementBelowHalfTheConsensusIsRejected() {
        Self.expectRejected([0x01, 0x02, 0x01, 15], .congestionControlBadIncrement)
    }

    @Test func anIncrementAboveTwiceTheConsensusIsRejected() {
        Self.expectRejected([0x01, 0x02, 0x01, 63], .congestionControlBadIncrement)
    }

    @Test func aTruncatedMessageIsMalformed() {
        Self.expectRejected([0x01, 0x02, 0x01], .handshakeMalformedMessage)
    }

    @Test func consensusDefaultsAreTor049s() {
        let parameters = CongestionControlParameters()
        #expect(parameters.isEnabled)
        #expect(parameters.sendmeIncrement == 31)
        #expect(parameters.initialWindow == 124)
        #expect(parameters.minimumWindow == 124)
        #expect((parameters.vegasAlpha, parameters.vegasBeta, parameters.vegasGamma, parameters.vegasDelta) == (124, 248, 186, 372))
        #expect(parameters.xoffClientBytes == 500 * 498)
    }

    @Test func consensusValuesAreReadAndClamped() {
        let parameters = CongestionControlParameters(consensus: ["cc_alg": 0, "cc_sendme_inc": 500, "cc_cwnd_init": 1])
        #expect(!parameters.isEnabled)
        #expect(parameters.sendmeIncrement == 254)
        #expect(parameters.initialWindow == 31)
    }
}
