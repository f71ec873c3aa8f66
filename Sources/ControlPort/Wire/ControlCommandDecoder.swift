import NIOCore

/// Frames controller bytes into ``ControlCommand`` values (control-spec.txt §2.2, §2.3).
///
/// Lines end in CRLF; a bare LF is accepted too, as C tor does. A `+KEYWORD` line starts a
/// multi-line command whose body ends at a line holding only "."; body lines that start with
/// "." lose that first dot (dot-unstuffing, §2.3).
///
/// `decode` returns nil when it needs more bytes. Each complete line is consumed once, so
/// drip-fed input costs linear time. A keyword that is not `[A-Za-z0-9_-]+` throws
/// ``ControlPortError/Code/badKeyword`` after its line is consumed (the session answers 510 and
/// goes on). Exceeding ``ControlLimits`` throws `lineTooLong`/`dataTooLong` without a usable
/// resynchronisation point: the caller must close the connection.
public struct ControlCommandDecoder: Sendable {
    /// The first line of a multi-line command whose body is still arriving.
    private var pending: ControlCommand?
    private var bodyLines: [String] = []
    private var bodyLength = 0
    /// Bytes already searched for "\n" in the current incomplete line.
    private var searchedBytes = 0

    /// A decoder at the start of a command.
    public init() {}

    /// The next complete command, nil if more bytes are needed.
    public mutating func decode(_ buffer: inout ByteBuffer) throws(ControlPortError) -> ControlCommand? {
        while let line = try readLine(&buffer) {
            if var command = pending {
                if line == "." {
                    command.data = bodyLines.joined(separator: "\n")
                    pending = nil
                    bodyLines = []
                    bodyLength = 0
                    return command
                }
                let unstuffed = line.hasPrefix(".") ? String(line.dropFirst()) : line
                bodyLength += unstuffed.utf8.count + 1
                guard bodyLength <= ControlLimits.maximumDataLength else {
                    throw ControlPortError(
                        .dataTooLong, kind: .resource,
                        "multi-line command body exceeds \(ControlLimits.maximumDataLength) bytes")
                }
                bodyLines.append(unstuffed)
                continue
            }
            let command = try Self.parseFirstLine(line)
            if command.isMultiLine {
                pending = command.command
                continue
            }
            return command.command
        }
        return nil
    }

    /// One line without its terminator, or nil if no terminator has arrived yet.
    private mutating func readLine(_ buffer: inout ByteBuffer) throws(ControlPortError) -> String? {
        let view = buffer.readableBytesView
        let start = view.startIndex + searchedBytes
        guard let newline = view[start...].firstIndex(of: UInt8(ascii: "\n")) else {
            searchedBytes = view.count
            if view.count > ControlLimits.maximumLineLength + 1 {
                throw ControlPortError(
                    .lineTooLong, kind: .resource,
                    "control command line exceeds \(ControlLimits.maximumLineLength) bytes")
            }
            return nil
        }
        var end = newline
        if end > view.startIndex && view[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end - view.startIndex <= ControlLimits.maximumLineLength else {
            throw ControlPortError(
                .lineTooLong, kind: .resource,
                "control command line exceeds \(ControlLimits.maximumLineLength) bytes")
        }
        let line = String(decoding: view[view.startIndex..<end], as: UTF8.self)
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        searchedBytes = 0
        return line
    }

    /// Splits `[+]KEYWORD[ SP arguments]`.
    static func parseFirstLine(_ line: String) throws(ControlPortError) -> (command: ControlCommand, isMultiLine: Bool) {
        var rest = Substring(line)
        let isMultiLine = rest.first == "+"
        if isMultiLine { rest = rest.dropFirst() }
        let keyword = rest.prefix { $0 != " " }
        guard !keyword.isEmpty, keyword.unicodeScalars.allSatisfy(Self.isKeywordScalar) else {
            throw ControlPortError(
                .badKeyword, kind: .protocolViolation,
                "Unrecognized command \"\(keyword.prefix(64))\"")
        }
        let arguments = rest.dropFirst(keyword.count).drop { $0 == " " }
        return (ControlCommand(keyword: String(keyword), arguments: String(arguments)), isMultiLine)
    }

    private static func isKeywordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }
}
