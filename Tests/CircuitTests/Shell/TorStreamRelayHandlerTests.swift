import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

/// The glue between a stream and a byte channel (a SOCKS connection), both on one embedded loop.
@Suite struct TorStreamRelayHandlerTests {
    /// A connected "client" channel on the circuit's loop with the stream's relay handler in it.
    func glue(_ harness: ShellHarness, _ stream: TorStream) throws -> EmbeddedChannel {
        let client = EmbeddedChannel(loop: harness.loop)
        try client.pipeline.syncOperations.addHandler(stream.makeRelayHandler())
        try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        return client
    }

    @Test func clientBytesBecomeDataCellsAndExitDataReachesTheClient() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        let client = try glue(harness, stream)
        try client.writeInbound(ByteBuffer(string: "GET / HTTP/1.0\r\n\r\n"))
        let request = try harness.readRelay().cell
        #expect(request.command == .data)
        #expect(String(buffer: request.data) == "GET / HTTP/1.0\r\n\r\n")
        try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(string: "HTTP/1.0 200 OK\r\n")), fromHop: 2)
        let response = try #require(try client.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: response) == "HTTP/1.0 200 OK\r\n")
    }

    @Test func theExitsEndFlushesThenClosesTheClient() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        let client = try glue(harness, stream)
        try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(string: "bye")), fromHop: 2)
        try harness.send(EndMessage(reason: .done), streamID: stream.streamID, fromHop: 2)
        harness.loop.run()
        #expect(String(buffer: try #require(try client.readOutbound(as: ByteBuffer.self))) == "bye")
        #expect(!client.isActive)
        #expect(try harness.readCell() == nil, "the exit ended the stream: no END goes back")
    }

    @Test func theClientClosingSendsEnd() throws {
        let harness = try ShellHarness()
        let circuit = try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        let client = try glue(harness, stream)
        try client.close().wait()
        harness.loop.advanceTime(by: TorCircuit.endDeferral)
        let end = try harness.readRelay().cell
        #expect(end.command == .end)
        #expect(end.streamID == stream.streamID)
        #expect(circuit.streams.isEmpty)
    }

    @Test func aClientThatCannotTakeMoreStopsTheStreamSendmes() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, core) = try harness.openStream()
        let client = try glue(harness, stream)
        // The client's socket is full: the handler withdraws its demand.
        client.isWritable = false
        client.pipeline.fireChannelWritabilityChanged()
        for _ in 0..<60 {
            try harness.send(RelayCell(command: .data, streamID: stream.streamID, data: ByteBuffer(bytes: [1])), fromHop: 2)
        }
        #expect(try client.readOutbound(as: ByteBuffer.self) == nil)
        #expect(try harness.readRelayIfAny() == nil, "no stream SENDME while the client is full")
        #expect(core.window.deliverWindow == StreamWindow.initialWindow - 60)
        client.isWritable = true
        client.pipeline.fireChannelWritabilityChanged()
        var delivered = 0
        while let buffer = try client.readOutbound(as: ByteBuffer.self) { delivered += buffer.readableBytes }
        #expect(delivered == 60)
        #expect(try harness.readRelay().cell.command == .sendme)
    }

    @Test func aClosedStreamWindowHoldsTheClientsReads() throws {
        let harness = try ShellHarness()
        try harness.buildCircuit()
        let (stream, _) = try harness.openStream()
        let client = try glue(harness, stream)
        let reads = ReadCounter()
        try client.pipeline.syncOperations.addHandler(reads, position: .first)
        try client.writeInbound(ByteBuffer(bytes: [UInt8](repeating: 2, count: 540 * RelayCell.maximumDataLength)))
        client.read()
        #expect(reads.count == 0, "the stream cannot take more, so the handler holds the read")
        try harness.send(RelayCell(command: .sendme, streamID: stream.streamID), fromHop: 2)
        #expect(reads.count == 1)
    }
}

/// Counts `read()` calls that reach the head of the pipeline.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = Any
    var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}
