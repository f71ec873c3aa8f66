import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

@Suite struct CellBufferPoolTests {
    private let allocator = ByteBufferAllocator()

    private func storage(of buffer: ByteBuffer) -> UnsafeRawPointer? {
        buffer.withVeryUnsafeBytes { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func recycledBufferIsHandedOutAgainWhenPoolingIsOn() {
        let recycler = CellBufferRecycler()
        var first = recycler.buffer(capacity: 514, allocator: allocator, pooling: true)
        first.writeBytes([1, 2, 3])
        let address = storage(of: first)
        recycler.recycle(first, pooling: true)
        first = ByteBuffer()  // the only other reference goes, as after a write completes
        let second = recycler.buffer(capacity: 514, allocator: allocator, pooling: true)
        #expect(storage(of: second) == address)
        #expect(second.readableBytes == 0)
        #expect(recycler.statistics == CellBufferRecycler.Statistics(reused: 1, allocated: 1))
    }

    @Test func nothingIsKeptOrReusedWhenPoolingIsOff() {
        let recycler = CellBufferRecycler()
        recycler.recycle(allocator.buffer(capacity: 514), pooling: true)
        #expect(recycler.keptCount == 1)
        // Turning pooling off drops what was kept at the next allocation.
        _ = recycler.buffer(capacity: 514, allocator: allocator, pooling: false)
        #expect(recycler.keptCount == 0)
        recycler.recycle(allocator.buffer(capacity: 514), pooling: false)
        #expect(recycler.keptCount == 0)
        _ = recycler.buffer(capacity: 514, allocator: allocator, pooling: false)
        #expect(recycler.statistics == CellBufferRecycler.Statistics(reused: 0, allocated: 2))
    }

    @Test func bufferStillHeldElsewhereIsNeverOverwritten() {
        let recycler = CellBufferRecycler()
        var held = allocator.buffer(capacity: 514)
        held.writeBytes([0xAA, 0xBB])
        recycler.recycle(held, pooling: true)
        var reused = recycler.buffer(capacity: 514, allocator: allocator, pooling: true)
        reused.writeBytes([0x11, 0x22, 0x33])
        #expect(held.readableBytesView.elementsEqual([0xAA, 0xBB]))
        #expect(reused.readableBytesView.elementsEqual([0x11, 0x22, 0x33]))
    }

    @Test func onlyCellSizedBuffersAreKept() {
        let recycler = CellBufferRecycler()
        recycler.recycle(allocator.buffer(capacity: 64), pooling: true)
        recycler.recycle(allocator.buffer(capacity: 64 * 1024), pooling: true)
        #expect(recycler.keptCount == 0)
        for _ in 0..<(CellBufferRecycler.maximumKept + 5) {
            recycler.recycle(allocator.buffer(capacity: 509), pooling: true)
        }
        #expect(recycler.keptCount == CellBufferRecycler.maximumKept)
    }

    @Test func codecFramesEachCellIntactWhileReusingPayloadBuffers() throws {
        let channel = EmbeddedChannel(handler: CellCodecHandler())
        // The relay's VERSIONS cell (2-byte circuit ID, command 7, length 4, versions 4 and 5).
        try channel.writeInbound(ByteBuffer(bytes: [0, 0, 7, 0, 4, 0, 4, 0, 5]))
        _ = try channel.readInbound(as: Cell.self)
        let before = CellBufferPool.statistics
        for index in 0..<4 {
            var payload = CellBufferPool.buffer(capacity: Cell.fixedPayloadLength, allocator: channel.allocator)
            payload.writeBytes([UInt8](repeating: UInt8(index + 1), count: Cell.fixedPayloadLength))
            try channel.writeOutbound(Cell(circuitID: CircuitID(rawValue: 0x8000_0001), command: .relay, payload: payload))
        }
        for index in 0..<4 {
            let frame = try #require(try channel.readOutbound(as: ByteBuffer.self))
            #expect(frame.readableBytes == 4 + 1 + Cell.fixedPayloadLength)
            #expect(frame.getBytes(at: 0, length: 5) == [0x80, 0, 0, 1, 3])
            #expect(frame.getBytes(at: 5, length: Cell.fixedPayloadLength) == [UInt8](repeating: UInt8(index + 1), count: Cell.fixedPayloadLength))
        }
        // Pooling is on by default and no test turns it off: cells 2 to 4 took buffers the
        // cells before them handed back.
        #expect(CellBufferPool.isEnabled)
        #expect(CellBufferPool.statistics.reused - before.reused >= 3)
        _ = try channel.finish()
    }
}
