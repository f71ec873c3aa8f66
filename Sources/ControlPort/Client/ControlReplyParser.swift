import NIOCore

/// Frames server bytes into ``ControlServerReply`` values: the controller's side of
/// control-spec.txt §2.3 (MidReplyLine `CODE-`, DataReplyLine `CODE+` with a dot-stuffed
/// CmdData block, EndReplyLine `CODE SP`), including 650 asynchronous events (§4.1).
///
/// Sans-IO: `parse` returns nil when it needs more bytes and throws `replyMalformed` for a line
/// that is not `3DIGIT (SP / "-" / "+") text`, or `replyTooLong` past ``maximumReplyLength``.
/// A thrown error leaves the stream without a resynchronisation point: the caller closes the
/// connection. Each line is consumed once, so drip-fed input costs linear time.
public struct ControlReplyParser: Sendable {
    /// The longest reply (all lines and data) we buffer. The spec sets no bound; a GETINFO
    /// `circuit-status` of thousands of circuits stays far below it.
    public static let maximumReplyLength = 16 * 1024 * 1024

    private var lines: [ControlServerReply.Line] = []
    /// The data line whose block is still arriving.
    private var pendingData: ControlServerReply.Line?
    private var dataLines: [String] = []
    private var replyLength = 0
    private var searchedBytes = 0

    /// A parser at the start of a reply.
    public init() {}

    /// The next complete reply, or nil if more bytes are needed.
    public mutating func parse(_ buffer: inout ByteBuffer) throws(ControlPortError) -> ControlServerReply? {
        while let line = try readLine(&buffer) {
            if var dataLine = pendingData {
                if line == "." {
                    dataLine.data = dataLines.joined(separator: "\n")
                    lines.append(dataLine)
                    pendingData = nil
                    dataLines = []
                    continue
                }
                dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                continue
            }
            let (status, separator, text) = try Self.split(line)
            let parsed = ControlServerReply.Line(status: status, text: text)
            switch separator {
            case "-": lines.append(parsed)
            case "+": pendingData = parsed
            default:
                lines.append(parsed)
                let reply = ControlServerReply(lines: lines)
                lines = []
                replyLength = 0
                return reply
            }
        }
        return nil
    }

    private mutating func readLine(_ buffer: inout ByteBuffer) throws(ControlPortError) -> String? {
        let view = buffer.readableBytesView
        let start = view.startIndex + searchedBytes
        guard let newline = view[start...].firstIndex(of: UInt8(ascii: "\n")) else {
            searchedBytes = view.count
            try account(view.count)
            return nil
        }
        var end = newline
        if end > view.startIndex && view[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: view[view.startIndex..<end], as: UTF8.self)
        let consumed = newline - view.startIndex + 1
        try account(consumed)
        replyLength += consumed
        buffer.moveReaderIndex(forwardBy: consumed)
        searchedBytes = 0
        return line
    }

    /// Throws when the reply so far plus `extra` unconsumed bytes passes the bound.
    private func account(_ extra: Int) throws(ControlPortError) {
        guard replyLength + extra <= Self.maximumReplyLength else {
            throw ControlPortError(
                .replyTooLong, kind: .resource,
                "the control port sent a reply longer than \(Self.maximumReplyLength) bytes; is this really a Tor control port?")
        }
    }

    /// `3DIGIT sep text` into its parts.
    static func split(_ line: String) throws(ControlPortError) -> (ControlStatus, Character, String) {
        let utf8 = Array(line.utf8.prefix(4))
        guard utf8.count == 4, utf8[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
              [UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "+")].contains(utf8[3]) else {
            throw ControlPortError(
                .replyMalformed, kind: .protocolViolation,
                "the control port sent a line that is not a reply (\"\(line.prefix(40))\"); is this really a Tor control port?")
        }
        let code = UInt16(utf8[0] - 0x30) * 100 + UInt16(utf8[1] - 0x30) * 10 + UInt16(utf8[2] - 0x30)
        return (ControlStatus(code), Character(Unicode.Scalar(utf8[3])), String(line.dropFirst(4)))
    }
}
