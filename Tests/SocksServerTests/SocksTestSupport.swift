import TorCore
import NIOCore
import Testing
@testable import SocksServer

/// Everything a state machine did with one input: what it sent, what it yielded, how it ended.
struct Transcript: Equatable {
    /// Bytes of every `.send` action, concatenated.
    var sent: [UInt8] = []
    var request: SocksRequest?
    /// Set when the machine said to close: the reply it sent first (empty when none).
    var closeReply: [UInt8]?
    var errorCode: SocksError.Code?

    var closed: Bool { closeReply != nil }
    /// Neither a request nor a close: the machine is waiting for more bytes.
    var needsMore: Bool { request == nil && !closed }
}

/// Feeds `input` to a fresh state machine in chunks of `chunkSize` bytes (all at once when nil)
/// and records every action. Fails the test if a call that returned nil consumed anything.
func drive(
    _ input: [UInt8], chunkSize: Int? = nil,
    configuration: SocksServerStateMachine.Configuration = .init(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> Transcript {
    var machine = SocksServerStateMachine(configuration: configuration)
    var buffer = ByteBuffer()
    var transcript = Transcript()
    let size = max(1, chunkSize ?? input.count)
    var offset = 0
    repeat {
        let end = min(input.count, offset + size)
        buffer.writeBytes(input[offset..<end])
        offset = end
        while true {
            let before = buffer.readerIndex
            guard let action = machine.receive(&buffer) else {
                #expect(buffer.readerIndex == before, "nil must consume nothing", sourceLocation: sourceLocation)
                break
            }
            switch action {
            case .send(let bytes):
                transcript.sent += Array(buffer: bytes)
            case .request(let request):
                transcript.request = request
            case .close(let reply, let error):
                transcript.closeReply = reply.map { Array(buffer: $0) } ?? []
                transcript.errorCode = error.code
            }
        }
    } while offset < input.count
    return transcript
}

/// Bytes from a mix of literal bytes and ASCII text, for readable test vectors.
func bytes(_ parts: Any...) -> [UInt8] {
    parts.flatMap { part -> [UInt8] in
        switch part {
        case let text as String: Array(text.utf8)
        case let byte as UInt8: [byte]
        case let byte as Int: [UInt8(byte)]
        case let list as [UInt8]: list
        case let list as [Int]: list.map(UInt8.init)
        default: { Issue.record("unsupported test byte part \(part)"); return [] }()
        }
    }
}

/// Hex text (spaces ignored) as bytes.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

extension Array where Element == UInt8 {
    init(buffer: ByteBuffer) {
        self = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
    }
}

/// The SOCKS5 failure reply tor 0.4.9 sends: VER 5, REP, RSV 0, ATYP 1, 0.0.0.0, port 0.
func socks5Failure(_ code: UInt8) -> [UInt8] { [0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0] }

/// The SOCKS4 rejection tor 0.4.9 sends.
let socks4Rejected: [UInt8] = [0x00, 0x5B, 0, 0, 0, 0, 0, 0]
