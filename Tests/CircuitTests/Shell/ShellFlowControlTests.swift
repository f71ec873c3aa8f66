import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

/// Circuit and stream windows as the shell drives them (tor-spec 7.3, 7.4): authenticated
/// circuit SENDMEs carrying the exit's digest, version-less stream SENDMEs only when the reader
/// keeps up, and writers held back when a window is empty.
@Suite struct ShellFlowControlTests {
    /// Sends `count` one-byte DATA cells from the exit on `streamID`.
    func sendData(_ harness: ShellHarness, streamID: UInt16, count: Int) throws {
        for _ in 0..<count {
            try harness.send(RelayCell(command: .data, streamID: streamID, data: ByteBuffer(bytes: [0x61])), fromHop: 2)
        }
    }

    /// The relay cells the client wrote since the last call, each with the running digest
    /// its hop had after it (what that hop's SENDME for it would carry).
    func drain(_ harness: ShellHarness) throws -> [(hop: Int, cell: RelayCell, digest: [UInt8])] {
        var cells: [(hop: Int, cell: RelayCell, digest: [UInt8])] = []
        while let next = try harness.readRelayIfAny() {
            cells.append((next.hop, next.cell, harness.path.relays[next.hop].lastReceivedDigest))
        }
        return cells
    }

    @Test func theHundredthDataCellTriggersAnAuthenticatedSendmeWithItsDigest() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, core) = try harness.openStream()
        let endpoint = RecordingEndpoint()
        #expect(core.attach(endpoint))
        try sendData(harness, streamID: stream.streamID, count: 99)
        let early = try drain(harness).filter { $0.cell.streamID == 0 }
        #expect(early.isEmpty, "no circuit SENDME before 100 cells")
        try sendData(harness, streamID: stream.streamID, count: 1)
        let exitDigest = harness.path.relays[2].lastSentDigest
        let sendmes = try drain(harness).filter { $0.cell.command == .sendme && $0.cell.streamID == 0 }
        try #require(sendmes.count == 1)
        #expect(sendmes[0].hop == 2)
        let sendme = try sendmes[0].cell.message(as: SendmeMessage.self)
        #expect(sendme.version == 1)
        #expect(sendme.digest == exitDigest)
    }

    @Test func streamSendmesAreVersionlessAndWaitForTheReader() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, core) = try harness.openStream()
        let endpoint = RecordingEndpoint()
        endpoint.stream = core
        endpoint.stopAfterEachBatch = true
        #expect(core.attach(endpoint))
        // The reader takes the first batch, then stops: 60 more cells pile up.
        try sendData(harness, streamID: stream.streamID, count: 1)
        try sendData(harness, streamID: stream.streamID, count: 60)
        #expect(endpoint.received.count == 1)
        #expect(try drain(harness).filter { $0.cell.streamID == stream.streamID }.isEmpty,
                "no stream SENDME while cells wait for a stalled reader")
        // The reader resumes and drains the queue: the SENDME the exit is owed goes out.
        endpoint.stopAfterEachBatch = false
        core.setDemand(true)
        #expect(endpoint.received.count == 61)
        let sendmes = try drain(harness).filter { $0.cell.streamID == stream.streamID }
        try #require(sendmes.count == 1)
        #expect(sendmes[0].cell.command == .sendme)
        #expect(sendmes[0].cell.data.readableBytes == 0, "stream SENDMEs carry no version or digest")
    }

    @Test func anExitOverrunningTheStreamWindowClosesTheCircuit() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        // No reader is attached, so no stream SENDME ever leaves: the exit may send 500.
        try sendData(harness, streamID: stream.streamID, count: StreamWindow.initialWindow)
        #expect(circuit.isOpen)
        #expect(try drain(harness).allSatisfy { $0.cell.streamID == 0 })
        try sendData(harness, streamID: stream.streamID, count: 1)
        #expect(circuit.closeError?.code == .flowControlDeliverOverflow)
    }

    @Test func writersStopAtTheStreamWindowAndResumeOnItsSendme() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, core) = try harness.openStream()
        let endpoint = RecordingEndpoint()
        #expect(core.attach(endpoint))
        let write = stream.write(ByteBuffer(bytes: [UInt8](repeating: 7, count: 600 * RelayCell.maximumDataLength)))
        harness.loop.run()
        #expect(try drain(harness).count == StreamWindow.initialWindow)
        #expect(ShellHarness.outcome(write) == nil, "the write waits for the window")
        #expect(endpoint.writability == [false])
        try harness.send(RelayCell(command: .sendme, streamID: stream.streamID), fromHop: 2)
        #expect(try drain(harness).count == StreamWindow.increment)
        try harness.send(RelayCell(command: .sendme, streamID: stream.streamID), fromHop: 2)
        #expect(try drain(harness).count == StreamWindow.increment)
        #expect(try ShellHarness.outcome(write)?.get() != nil)
        #expect(endpoint.writability == [false, true])
        #expect(circuit.windows[2].packageWindow == CircuitWindow.initialWindow - 600)
    }

    @Test func theCircuitWindowHoldsEveryStreamUntilAnAuthenticatedSendme() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let streams = try (0..<3).map { _ in try harness.openStream().0 }
        let cellsWorth = { (count: Int) in ByteBuffer(bytes: [UInt8](repeating: 1, count: count * RelayCell.maximumDataLength)) }
        _ = streams[0].write(cellsWorth(500))
        _ = streams[1].write(cellsWorth(500))
        _ = streams[2].write(cellsWorth(10))
        harness.loop.run()
        let sent = try drain(harness)
        #expect(sent.count == CircuitWindow.initialWindow)
        #expect(circuit.windows[2].packageWindow == 0)
        // The exit acknowledges the 100th DATA cell with the digest it had after it.
        let sendme = SendmeMessage.authenticated(digest: sent[99].digest)
        try harness.send(sendme, streamID: 0, fromHop: 2)
        let resumed = try drain(harness)
        #expect(resumed.count == 10)
        #expect(resumed.allSatisfy { $0.cell.streamID == streams[2].streamID })
    }

    @Test func aSendmeWithTheWrongDigestClosesTheCircuit() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        _ = stream.write(ByteBuffer(bytes: [UInt8](repeating: 1, count: 100 * RelayCell.maximumDataLength)))
        harness.loop.run()
        _ = try drain(harness)
        try harness.send(SendmeMessage.authenticated(digest: SecureRandom.bytes(20)), streamID: 0, fromHop: 2)
        #expect(circuit.closeError?.code == .flowControlSendmeDigestMismatch)
        #expect(try harness.readCell()?.command == .destroy)
    }
}
