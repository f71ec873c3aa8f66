import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

/// The mux and the circuit engine in an `EmbeddedChannel`: builds, teardown by the relay, the
/// channel or a timeout, and cells that must be dropped.
@Suite struct ChannelCircuitMuxTests {
    @Test func aThreeHopBuildUsesCreate2ThenExtend2InRelayEarly() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        #expect(circuit.isOpen)
        #expect(circuit.hopCount == 3)
        #expect(circuit.id.rawValue & CircuitID.initiatorBit != 0)
        #expect(circuit.relayEarlyRemaining == TorCircuit.maximumRelayEarlyCells - 2)
        #expect(harness.mux.circuitCount == 1)
        #expect(try harness.readCell() == nil)
    }

    @Test func aFirstHopWithoutOnionKeyIsCreatedFast() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit(firstWithOnionKey: false)
        #expect(circuit.isOpen)
        #expect(circuit.hopCount == 3)
    }

    @Test func destroyDuringTheBuildFailsItWithTheRelaysReason() throws {
        let harness = try ShellHarness()
        let build = try harness.startBuild()
        try harness.answerCreate()
        _ = try harness.readRelay()  // The EXTEND2, left unanswered.
        try harness.deliver(.destroy, payload: ShellHarness.payload(DestroyMessage(reason: .connectFailed)))
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(build)).get() }
        #expect(error.code == .circuitDestroyed)
        #expect(error.destroyReason == .connectFailed)
        #expect(harness.mux.circuitCount == 0)
        #expect(try harness.readCell() == nil, "no DESTROY goes back for a DESTROY")
    }

    @Test func truncatedDuringTheBuildFailsItAndSendsDestroy() throws {
        let harness = try ShellHarness()
        let build = try harness.startBuild()
        try harness.answerCreate()
        _ = try harness.readRelay()
        try harness.send(TruncatedMessage(reason: .orIdentity), streamID: 0, fromHop: 0)
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(build)).get() }
        #expect(error.code == .circuitTruncated)
        #expect(error.destroyReason == .orIdentity)
        let destroy = try #require(try harness.readCell())
        #expect(destroy.command == .destroy)
        #expect(try destroy.message(as: DestroyMessage.self).reason == .none)
    }

    @Test func aBuildThatOutlivesItsTimeoutFailsAndSendsDestroy() throws {
        let harness = try ShellHarness()
        let build = try harness.startBuild(timeout: .seconds(10))
        try harness.answerCreate()
        _ = try harness.readRelay()
        harness.loop.advanceTime(by: .seconds(9))
        #expect(ShellHarness.outcome(build) == nil)
        harness.loop.advanceTime(by: .seconds(1))
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(build)).get() }
        #expect(error.code == .circuitBuildTimedOut)
        #expect(error.kind == .resource)
        #expect(try harness.readCell()?.command == .destroy)
    }

    @Test func theChannelClosingFailsEveryCircuit() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let pending = try harness.mux.makeCircuit().build(path: [harness.relays[0].target()], timeout: .seconds(60))
        try harness.channel.close().wait()
        #expect(circuit.closeError?.code == .circuitChannelClosed)
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(pending)).get() }
        #expect(error.code == .circuitChannelClosed)
        #expect(throws: CircuitError.self) { try harness.mux.makeCircuit() }
    }

    @Test func paddingAndCellsForUnknownCircuitsAreDropped() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        try harness.channel.writeInbound(Cell(circuitID: .zero, command: .padding, payload: ByteBuffer()))
        try harness.channel.writeInbound(Cell(circuitID: .zero, command: .vpadding, payload: ByteBuffer(bytes: [1, 2, 3])))
        try harness.channel.writeInbound(Cell(
            circuitID: CircuitID(rawValue: 0x8000_0042), command: .relay,
            payload: ByteBuffer(bytes: [UInt8](repeating: 9, count: 509))))
        try harness.channel.writeInbound(Cell(circuitID: .zero, command: .netinfo, payload: ByteBuffer()))
        #expect(circuit.isOpen)
        #expect(try harness.readCell() == nil)
        #expect(try harness.channel.readInbound(as: Cell.self) == nil)
    }

    @Test func anInboundRelayEarlyClosesTheCircuit() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        try harness.deliver(.relayEarly, payload: harness.path.send(RelayCell(command: .drop, streamID: 0), fromHop: 0))
        #expect(circuit.closeError?.code == .circuitUnexpectedCell)
        #expect(circuit.closeError?.kind == .protocolViolation)
        #expect(try harness.readCell()?.command == .destroy)
    }

    @Test func aCellNoHopRecognizesClosesTheCircuit() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        try harness.deliver(.relay, payload: ByteBuffer(bytes: SecureRandom.bytes(509)))
        #expect(circuit.closeError?.code == .relayCellUnrecognized)
        #expect(try harness.readCell()?.command == .destroy)
    }

    @Test func closingSendsDestroyWithReasonNoneAndUnregisters() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        circuit.close()
        let destroy = try #require(try harness.readCell())
        #expect(destroy.command == .destroy)
        #expect(destroy.circuitID == circuit.id)
        #expect(try destroy.message(as: DestroyMessage.self).reason == .none)
        #expect(harness.mux.circuitCount == 0)
        #expect(circuit.closeError?.code == .circuitClosed)
        #expect(ShellHarness.outcome(circuit.closeFuture) != nil)
    }

    @Test func extendingAfterTheBuildAddsAHopWithEarlyCells() throws {
        let harness = try ShellHarness(relayCount: 3)
        let circuit = try harness.buildCircuit(hops: 2)
        let extending = circuit.extend(to: harness.relays[2].target(), timeout: .seconds(60))
        try harness.answerExtend()
        _ = try #require(ShellHarness.outcome(extending)).get()
        #expect(circuit.hopCount == 3)
        #expect(circuit.relayEarlyRemaining == TorCircuit.maximumRelayEarlyCells - 2)
    }

    @Test func noMoreThanEightRelayEarlyCellsAreSpent() throws {
        let harness = try ShellHarness(relayCount: 10)
        let circuit = try harness.buildCircuit(hops: 9)
        #expect(circuit.relayEarlyRemaining == 0)
        let extending = circuit.extend(to: harness.relays[9].target(), timeout: .seconds(60))
        let error = try #require(throws: CircuitError.self) { try #require(ShellHarness.outcome(extending)).get() }
        #expect(error.code == .circuitRelayEarlyExhausted)
    }
}
