import NIOCore
import NIOEmbedded
import Testing
import TorCore

@testable import Circuit

/// ``CellCodecHandler`` with ``ChannelCircuitMux``: cells written down the pipeline or handed
/// over by the mux are framed into one buffer that goes down at the flush, byte-exact with
/// ``CellCodec``'s encoding; inbound cells go to the mux by a direct call once it is added.
@Suite struct CellCodecHandlerWriteTests {
    /// A codec alone in an EmbeddedChannel, after the relay's VERSIONS cell (4 and 5) negotiated
    /// link protocol 5.
    static func negotiated() throws -> (EmbeddedChannel, CellCodecHandler) {
        let codec = CellCodecHandler()
        let channel = EmbeddedChannel(handler: codec)
        var versions = ByteBuffer()
        try CellCodec.handshake.encode(try Cell(circuitID: .zero, message: VersionsMessage(versions: [4, 5])), into: &versions)
        try channel.writeInbound(versions)
        _ = try channel.readInbound(as: Cell.self)
        #expect(codec.linkProtocol == 5)
        return (channel, codec)
    }

    static func cells(_ count: Int) -> [Cell] {
        (0..<count).map { index in
            Cell(circuitID: CircuitID(rawValue: 0x8000_0000 + UInt32(index)), command: .relay,
                 payload: ByteBuffer(repeating: UInt8(index), count: Cell.fixedPayloadLength))
        }
    }

    static func framed(_ cells: [Cell]) throws -> ByteBuffer {
        var bytes = ByteBuffer()
        for cell in cells { try CellCodec(linkProtocol: 5).encode(cell, into: &bytes) }
        return bytes
    }

    @Test func pipelineWritesLeaveAsOneBufferAtTheFlush() throws {
        let (channel, _) = try Self.negotiated()
        let cells = Self.cells(3)
        for cell in cells { channel.write(cell, promise: nil) }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "nothing goes down before the flush")
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == (try Self.framed(cells)))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test func writeCellFramesExactlyLikeAPipelineWrite() throws {
        let (channel, codec) = try Self.negotiated()
        let cells = Self.cells(4)
        codec.writeCell(cells[0])
        channel.write(cells[1], promise: nil)
        codec.writeCell(cells[2])
        codec.writeCell(cells[3])
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == (try Self.framed(cells)), "in write order")
    }

    @Test func aWriteWithAPromiseGoesDownAtOnceAndCompletesAtTheFlush() throws {
        let (channel, codec) = try Self.negotiated()
        let cells = Self.cells(3)
        codec.writeCell(cells[0])
        let promise = channel.embeddedEventLoop.makePromise(of: Void.self)
        channel.write(cells[1], promise: promise)
        codec.writeCell(cells[2])
        var completed = false
        promise.futureResult.assumeIsolated().whenSuccess { completed = true }
        #expect(!completed)
        channel.flush()
        #expect(completed)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == (try Self.framed(Array(cells[0...1]))))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == (try Self.framed([cells[2]])))
    }

    @Test func aCellBeforeNegotiationFailsItsPromiseAndSendsNothing() throws {
        let codec = CellCodecHandler()
        let channel = EmbeddedChannel(handler: codec)
        let promise = channel.embeddedEventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(Self.cells(1)[0], promise: promise)
        #expect {
            try promise.futureResult.wait()
        } throws: { ($0 as? CircuitError)?.code == .linkEncodingFailed }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    /// Stands between codec and mux, recording the inbound cells it sees.
    final class InboundRecorder: ChannelInboundHandler {
        typealias InboundIn = Cell
        typealias InboundOut = Cell
        var seen = 0
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            seen += 1
            context.fireChannelRead(data)
        }
    }

    @Test func inboundCellsReachTheMuxDirectlyOnceItIsAdded() throws {
        let (channel, _) = try Self.negotiated()
        let recorder = InboundRecorder()
        try channel.pipeline.syncOperations.addHandler(recorder)
        let mux = ChannelCircuitMux(linkProtocol: 5)
        try channel.pipeline.syncOperations.addHandler(mux)
        let circuit = try mux.makeCircuit()
        #expect(circuit.closeError == nil)
        var bytes = ByteBuffer()
        try CellCodec(linkProtocol: 5).encode(
            try Cell(circuitID: circuit.id, message: DestroyMessage(reason: .none)), into: &bytes)
        try channel.writeInbound(bytes)
        #expect(circuit.closeError != nil, "the DESTROY reached the circuit")
        #expect(recorder.seen == 0, "and went past the pipeline")
    }

    @Test func inboundCellsGoUpThePipelineAgainOnceTheMuxIsRemoved() throws {
        let (channel, _) = try Self.negotiated()
        let recorder = InboundRecorder()
        try channel.pipeline.syncOperations.addHandler(recorder)
        let mux = ChannelCircuitMux(linkProtocol: 5)
        try channel.pipeline.syncOperations.addHandler(mux)
        try channel.pipeline.syncOperations.removeHandler(mux).wait()
        var bytes = ByteBuffer()
        try CellCodec(linkProtocol: 5).encode(Self.cells(1)[0], into: &bytes)
        try channel.writeInbound(bytes)
        #expect(recorder.seen == 1)
    }

    @Test func muxCellsReachTheCodecWithoutThePipeline() throws {
        let (channel, _) = try Self.negotiated()
        let mux = ChannelCircuitMux(linkProtocol: 5)
        try channel.pipeline.syncOperations.addHandler(mux)
        let cells = Self.cells(2)
        for cell in cells { mux.send(cell) }
        mux.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == (try Self.framed(cells)))
    }
}
