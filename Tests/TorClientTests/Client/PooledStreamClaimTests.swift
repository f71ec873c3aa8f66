import Testing
@testable import TorClient

/// Exactly one side gives a SOCKS request's stream back to the pool: the answer, or the
/// client's departure while the question is out.
@Suite struct PooledStreamClaimTests {
    let circuit = CircuitPoolID(rawValue: 7)

    @Test func anAnsweredQuestionIsGivenBackByTheRequest() {
        let claim = PooledStreamClaim()
        #expect(claim.ask(on: circuit))
        #expect(claim.answered())
        #expect(claim.depart() == nil, "a departure after the answer leaves it to the request")
        #expect(!claim.answered(), "answered once only")
    }

    @Test func aDepartureWhileAskingGivesTheCircuitBackOnce() {
        let claim = PooledStreamClaim()
        #expect(claim.ask(on: circuit))
        #expect(claim.depart() == circuit)
        #expect(!claim.answered(), "the late answer must not give it back again")
        #expect(claim.depart() == nil)
    }

    @Test func afterADepartureNothingMoreIsAsked() {
        let claim = PooledStreamClaim()
        #expect(claim.depart() == nil, "nothing was out")
        #expect(!claim.ask(on: circuit))
        #expect(!claim.answered())
    }

    @Test func aRetryOnAnotherCircuitIsTrackedAfresh() {
        let claim = PooledStreamClaim()
        #expect(claim.ask(on: circuit))
        #expect(claim.answered())
        let next = CircuitPoolID(rawValue: 8)
        #expect(claim.ask(on: next))
        #expect(claim.depart() == next)
    }
}
