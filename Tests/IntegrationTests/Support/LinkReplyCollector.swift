import Circuit
import NIOCore
import NIOPosix

/// A cell as the tests see it, before the real codec exists: circuit ID, command, payload.
struct TestCell: Sendable, Equatable {
    let circuitID: UInt32
    let command: UInt8
    let payload: [UInt8]

    /// Reads `count` cells from the start of a link: first VERSIONS with a 2-byte circuit ID,
    /// then cells with 4-byte circuit IDs (tor-spec §3, §4.1: link protocol 4 or newer).
    /// Variable-length cells are VERSIONS (7) and commands 128 and up. Nil until all arrived.
    static func parseLink(_ bytes: [UInt8], count: Int) -> [TestCell]? {
        var cells: [TestCell] = []
        var offset = 0
        while cells.count < count {
            let idLength = cells.isEmpty ? 2 : 4
            guard bytes.count >= offset + idLength + 1 else { return nil }
            let circuitID = bytes[offset..<offset + idLength].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let command = bytes[offset + idLength]
            var start = offset + idLength + 1
            let length: Int
            if command == 7 || command >= 128 {
                guard bytes.count >= start + 2 else { return nil }
                length = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                start += 2
            } else {
                length = 509
            }
            guard bytes.count >= start + length else { return nil }
            cells.append(TestCell(circuitID: circuitID, command: command, payload: Array(bytes[start..<start + length])))
            offset = start + length
        }
        return cells
    }

    /// Splits a CERTS payload (tor-spec §4.2: N, then N × type, 2-byte length, body) into
    /// entries; nil unless the entries cover the payload exactly.
    static func certificateEntries(_ payload: [UInt8]) -> [(type: UInt8, body: [UInt8])]? {
        guard let count = payload.first else { return nil }
        var entries: [(type: UInt8, body: [UInt8])] = []
        var offset = 1
        for _ in 0..<count {
            guard payload.count >= offset + 3 else { return nil }
            let length = Int(payload[offset + 1]) << 8 | Int(payload[offset + 2])
            guard payload.count >= offset + 3 + length else { return nil }
            entries.append((payload[offset], Array(payload[offset + 3..<offset + 3 + length])))
            offset += 3 + length
        }
        return offset == payload.count ? entries : nil
    }
}

/// Sits above ``TLSChannelHandler``: records ``TLSHandshakeCompleted`` and the plaintext the
/// relay sends until `expectedCells` cells arrived; optionally writes bytes on handshake.
/// Fails both promises on an error, an early close, or after 30 s.
final class LinkReplyCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Outcome: Sendable {
        let handshake: EventLoopPromise<TLSHandshakeCompleted>
        let cells: EventLoopPromise<[TestCell]>

        init() {
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            handshake = loop.makePromise()
            cells = loop.makePromise()
        }

        func fail(_ error: any Error) {
            handshake.fail(error)
            cells.fail(error)
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    private static let timeout = TimeAmount.seconds(30)
    private let outcome: Outcome
    private let expectedCells: Int
    private let sendOnHandshake: [UInt8]?
    private var received: [UInt8] = []

    init(outcome: Outcome, expectedCells: Int, sendOnHandshake: [UInt8]? = nil) {
        self.outcome = outcome
        self.expectedCells = expectedCells
        self.sendOnHandshake = sendOnHandshake
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let outcome = outcome
        context.eventLoop.scheduleTask(in: Self.timeout) {
            outcome.fail(Failure(description: "no complete reply within \(Self.timeout)"))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            outcome.handshake.succeed(completed)
            if let sendOnHandshake {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: sendOnHandshake)), promise: nil)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        if let cells = TestCell.parseLink(received, count: expectedCells) {
            outcome.cells.succeed(cells)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        outcome.fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        outcome.fail(Failure(description: "the channel closed after \(received.count) plaintext bytes"))
        context.fireChannelInactive()
    }
}
