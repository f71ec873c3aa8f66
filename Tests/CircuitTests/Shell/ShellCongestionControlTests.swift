import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

/// The shell on a circuit whose exit agreed to congestion control (prop 324 2.2, 3, 4.1):
/// circuit SENDMEs every sendme_inc cells, no stream windows or stream SENDMEs, XOFF/XON both
/// ways, and the congestion window instead of the 1000-cell package window.
@Suite struct ShellCongestionControlTests {
    /// A built 3-hop circuit whose last hop is switched to congestion control, as an ntor v3
    /// answer with sendme_inc 31 would leave it (that answer is checked against real exits by
    /// the integration tests).
    static func congestionControlled(
        _ consensus: [String: Int32] = [:]
    ) throws -> (ShellHarness, TorCircuit) {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        circuit.windows.removeLast()
        circuit.installWindows(for: CongestionControlAgreement(
            parameters: CongestionControlParameters(consensus: consensus), sendmeIncrement: 31))
        return (harness, circuit)
    }

    func sendData(_ harness: ShellHarness, streamID: UInt16, count: Int, bytes: Int = 1) throws {
        for _ in 0..<count {
            let data = ByteBuffer(bytes: [UInt8](repeating: 0x61, count: bytes))
            try harness.send(RelayCell(command: .data, streamID: streamID, data: data), fromHop: 2)
        }
    }

    func drain(_ harness: ShellHarness) throws -> [(hop: Int, cell: RelayCell, digest: [UInt8])] {
        var cells: [(hop: Int, cell: RelayCell, digest: [UInt8])] = []
        while let next = try harness.readRelayIfAny() {
            cells.append((next.hop, next.cell, harness.path.relays[next.hop].lastReceivedDigest))
        }
        return cells
    }

    @Test func theThirtyFirstDataCellTriggersAnAuthenticatedSendme() throws {
        let (harness, _) = try Self.congestionControlled()
        let (stream, core) = try harness.openStream()
        #expect(core.attach(RecordingEndpoint()))
        try sendData(harness, streamID: stream.streamID, count: 30)
        #expect(try drain(harness).isEmpty)
        try sendData(harness, streamID: stream.streamID, count: 1)
        let exitDigest = harness.path.relays[2].lastSentDigest
        let sent = try drain(harness)
        try #require(sent.count == 1)
        #expect(sent[0].cell.streamID == 0)
        #expect(try sent[0].cell.message(as: SendmeMessage.self) == .authenticated(digest: exitDigest))
    }

    @Test func noStreamSendmesEvenAfterManyCells() throws {
        let (harness, _) = try Self.congestionControlled()
        let (stream, core) = try harness.openStream()
        #expect(core.attach(RecordingEndpoint()))
        try sendData(harness, streamID: stream.streamID, count: 620)
        let sent = try drain(harness)
        #expect(sent.count == 20, "one circuit SENDME per 31 cells")
        #expect(sent.allSatisfy { $0.cell.streamID == 0 })
    }

    @Test func aStreamSendmeFromTheExitClosesTheCircuit() throws {
        let (harness, circuit) = try Self.congestionControlled()
        let (stream, _) = try harness.openStream()
        try harness.send(RelayCell(command: .sendme, streamID: stream.streamID), fromHop: 2)
        #expect(circuit.closeError?.code == .congestionControlStreamSendme)
        #expect(try harness.readCell()?.command == .destroy)
    }

    @Test func aStalledReaderCausesOneXoffThenAnXonWhenItDrains() throws {
        // cc_xoff_client 2: XOFF once more than 996 bytes wait.
        let (harness, _) = try Self.congestionControlled(["cc_xoff_client": 2])
        let (stream, core) = try harness.openStream()
        let endpoint = RecordingEndpoint()
        endpoint.stream = core
        endpoint.stopAfterEachBatch = true
        #expect(core.attach(endpoint))
        try sendData(harness, streamID: stream.streamID, count: 1, bytes: 498)
        try sendData(harness, streamID: stream.streamID, count: 3, bytes: 498)
        let xoffs = try drain(harness).filter { $0.cell.streamID == stream.streamID }
        try #require(xoffs.count == 1)
        #expect(xoffs[0].cell.command == .xoff)
        #expect(try xoffs[0].cell.message(as: XoffMessage.self) == XoffMessage())
        try sendData(harness, streamID: stream.streamID, count: 3, bytes: 498)
        #expect(try drain(harness).isEmpty, "no second XOFF before an XON")
        endpoint.stopAfterEachBatch = false
        core.setDemand(true)
        let xons = try drain(harness).filter { $0.cell.streamID == stream.streamID }
        try #require(xons.count == 1)
        #expect(xons[0].cell.command == .xon)
        #expect(try xons[0].cell.message(as: XonMessage.self) == XonMessage(kilobytesPerSecond: 0))
        #expect(endpoint.bytes.count == 7 * 498)
    }

    @Test func theExitsXoffPausesWritesAndItsXonResumesThem() throws {
        let (harness, _) = try Self.congestionControlled()
        let (stream, core) = try harness.openStream()
        #expect(core.attach(RecordingEndpoint()))
        try harness.send(XoffMessage(), streamID: stream.streamID, fromHop: 2)
        let write = stream.write(ByteBuffer(bytes: [UInt8](repeating: 3, count: 3 * RelayCell.maximumDataLength)))
        harness.loop.run()
        #expect(try drain(harness).isEmpty)
        #expect(ShellHarness.outcome(write) == nil)
        try harness.send(XonMessage(kilobytesPerSecond: 100), streamID: stream.streamID, fromHop: 2)
        #expect(try drain(harness).count == 3)
        #expect(try ShellHarness.outcome(write)?.get() != nil)
    }

    @Test func theCongestionWindowReplacesThePackageWindow() throws {
        let (harness, circuit) = try Self.congestionControlled()
        let clock = ManualClock()
        circuit.monotonicClock = { clock.now }
        let (stream, _) = try harness.openStream()
        _ = stream.write(ByteBuffer(bytes: [UInt8](repeating: 1, count: 200 * RelayCell.maximumDataLength)))
        harness.loop.run()
        let sent = try drain(harness)
        #expect(sent.count == 124, "cc_cwnd_init cells, not 1000")
        #expect(circuit.congestion?.inflight == 124)
        // 100 ms later the exit acknowledges the 31st DATA cell with the digest it had after it.
        clock.now = 100_000
        try harness.send(SendmeMessage.authenticated(digest: sent[30].digest), streamID: 0, fromHop: 2)
        let resumed = try drain(harness)
        #expect(resumed.count == 62, "cwnd 155 (slow start grew it by 31) minus 93 in flight")
        #expect(circuit.isOpen)
    }
}

/// A settable monotonic clock in microseconds.
final class ManualClock {
    var now: UInt64 = 0
}
