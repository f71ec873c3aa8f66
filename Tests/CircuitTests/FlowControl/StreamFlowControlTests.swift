import Testing
import TorCore
@testable import Circuit

/// XON/XOFF of a stream on a congestion-controlled circuit (prop 324 4.1).
@Suite struct StreamFlowControlTests {
    static let threshold = 500 * 498

    @Test func xoffOnlyOnceTheQueuePassesTheThreshold() throws {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        #expect(try flow.didQueue(queuedBytes: Self.threshold) == .none)
        #expect(try flow.didQueue(queuedBytes: Self.threshold + 1) == .sendXoff)
        #expect(flow.isXoffSent)
    }

    @Test func noSecondXoffBeforeAnXon() throws {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        _ = try flow.didQueue(queuedBytes: Self.threshold + 1)
        #expect(try flow.didQueue(queuedBytes: Self.threshold + 5000) == .none)
        #expect(flow.xoffCount == 1)
    }

    @Test func xonOnlyOnceTheReaderTookEverything() throws {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        _ = try flow.didQueue(queuedBytes: Self.threshold + 1)
        #expect(flow.didDrain(queuedBytes: 498) == .none)
        #expect(flow.didDrain(queuedBytes: 0) == .sendXon)
        #expect(flow.didDrain(queuedBytes: 0) == .none, "one XON per XOFF")
        #expect(try flow.didQueue(queuedBytes: Self.threshold + 1) == .sendXoff, "a new XOFF after the XON")
    }

    @Test func noXonWithoutAnXoff() {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        #expect(flow.didDrain(queuedBytes: 0) == .none)
    }

    @Test func aQueueFarPastTheXoffClosesTheCircuit() throws {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        #expect(try flow.didQueue(queuedBytes: flow.maximumQueuedBytes) == .sendXoff)
        let error = try #require(throws: CircuitError.self) { try flow.didQueue(queuedBytes: flow.maximumQueuedBytes + 1) }
        #expect(error.code == .congestionControlQueueOverflow)
        #expect(error.kind == .protocolViolation)
    }

    @Test func theExitsXoffPausesAndItsXonResumes() {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        flow.receive(XoffMessage())
        #expect(flow.isPausedByPeer)
        flow.receive(XoffMessage())
        #expect(flow.isPausedByPeer)
        flow.receive(XonMessage(kilobytesPerSecond: 700))
        #expect(!flow.isPausedByPeer)
        #expect(flow.advisedRate == 700)
    }

    @Test func anAdvisoryXonWhileNotPausedIsAccepted() {
        var flow = StreamFlowControl(xoffThreshold: Self.threshold)
        flow.receive(XonMessage(kilobytesPerSecond: 12))
        #expect(!flow.isPausedByPeer)
        #expect(flow.advisedRate == 12)
    }
}
