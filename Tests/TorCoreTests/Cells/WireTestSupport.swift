import NIOCore
import Testing
@testable import TorCore

/// Bytes from hex text; spaces and newlines are ignored so vectors can be laid out by field.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd hex vector")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// A buffer holding the bytes of a hex vector.
func buffer(_ text: String) -> ByteBuffer { ByteBuffer(bytes: hex(text)) }

/// `count` copies of `byte`, as hex, for long fixed fields in vectors.
func repeated(_ byte: UInt8, _ count: Int) -> String {
    String(repeating: String(byte, radix: 16).leftPadded(to: 2), count: count)
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

/// The readable bytes of a buffer.
func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// Encodes a cell message into a fresh buffer and returns its bytes.
func encoded(_ message: some CellMessage) throws -> [UInt8] {
    var out = ByteBuffer()
    try message.encode(into: &out)
    return bytes(out)
}

/// Encodes a relay message into a fresh buffer and returns its bytes.
func encoded(_ message: some RelayMessage) throws -> [UInt8] {
    var out = ByteBuffer()
    try message.encode(into: &out)
    return bytes(out)
}

/// Runs `body`, expecting it to throw a `TorCoreError` with `code`.
func expectError(
    _ code: TorCoreError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    let error = #expect(throws: TorCoreError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, sourceLocation: sourceLocation)
}

/// A small deterministic generator (SplitMix64) so fuzz runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
