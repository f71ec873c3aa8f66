import NIOCore

/// One reply or event the server sends (control-spec.txt §2.3, §4).
///
/// Lines are written `CODE-text` (mid), `CODE+text` followed by a dot-stuffed data block ending
/// in a "." line (data), and `CODE text` (end). Invariant: the last line is always `.text`; text
/// never holds CR or LF (they are replaced by spaces when encoding), so a reply cannot break the
/// framing whatever a backend returns.
public struct ControlReply: Sendable, Equatable {
    /// One line of a reply.
    public enum Line: Sendable, Equatable {
        /// A single-line text.
        case text(String)
        /// A header such as `config-text=` followed by a multi-line data block.
        case data(header: String, body: String)
    }

    /// The status every line carries.
    public var status: ControlStatus
    /// The lines; the encoder appends `OK` when the list is empty or ends with data.
    public var lines: [Line]

    /// A reply of several lines.
    public init(_ status: ControlStatus, lines: [Line]) {
        self.status = status
        self.lines = lines
    }

    /// A one-line reply such as `250 OK` or `552 Unrecognized key "x"`.
    public init(_ status: ControlStatus, _ text: String) {
        self.init(status, lines: [.text(text)])
    }

    /// `250 OK`.
    public static let ok = ControlReply(.ok, "OK")

    /// The wire form, CRLF-terminated.
    public func encode(into buffer: inout ByteBuffer) {
        var lines = self.lines
        if case .text = lines.last {} else { lines.append(.text("OK")) }
        let code = status.description
        for (position, line) in lines.enumerated() {
            let isLast = position == lines.count - 1
            switch line {
            case .text(let text):
                buffer.writeString(code + (isLast ? " " : "-") + Self.singleLine(text) + "\r\n")
            case .data(let header, let body):
                buffer.writeString(code + "+" + Self.singleLine(header) + "\r\n")
                Self.writeDotStuffed(body, into: &buffer)
            }
        }
    }

    /// The wire form as bytes.
    public var encoded: [UInt8] {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    private static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }

    /// Each body line with a leading "." doubled, CRLF endings, then the "." terminator (§2.3).
    private static func writeDotStuffed(_ body: String, into buffer: inout ByteBuffer) {
        var text = body
        if text.hasSuffix("\n") { text.removeLast() }
        if !text.isEmpty || body.hasSuffix("\n") {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var line = line
                if line.hasSuffix("\r") { line = line.dropLast() }
                if line.hasPrefix(".") { buffer.writeString(".") }
                buffer.writeString(line + "\r\n")
            }
        }
        buffer.writeString(".\r\n")
    }
}
