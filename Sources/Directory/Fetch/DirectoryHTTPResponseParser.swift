/// Reads a directory server's HTTP/1.0 response from bytes as they arrive: the sans-IO core
/// that the DirPort and BEGIN_DIR transports share (dir-spec 6: HTTP 1.0).
///
/// Feed bytes with ``receive(_:)``; it returns the response once a body of the announced
/// Content-Length is complete, and nil while it needs more. Without Content-Length (what tor
/// directories send) the body runs to the end of the connection: call ``finish()`` at EOF.
/// Limits: the head may not exceed ``maximumHeaderSize``, the body not `maximumBodySize`.
/// Only `Content-Encoding: identity` (or none) is accepted, since requests ask for it.
public struct DirectoryHTTPResponseParser: Sendable {
    /// Longest head accepted: status line, headers and the blank line that ends them (tor's
    /// own limit for HTTP headers is 50,000 bytes, MAX_HEADERS_SIZE).
    public static let maximumHeaderSize = 50_000

    private enum State: Sendable {
        case head([UInt8])
        case body(Head, [UInt8])
        case complete
    }

    private struct Head: Sendable {
        let statusCode: Int
        let reasonPhrase: String
        let headers: [(name: String, value: String)]
        let contentLength: Int?
    }

    /// The largest body accepted.
    public let maximumBodySize: Int
    private var state: State = .head([])

    /// A parser for one response whose body may be up to `maximumBodySize` bytes.
    public init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    /// Takes the next bytes of the connection. Returns the response when a Content-Length
    /// body is complete, nil when more bytes are needed; throws for a malformed or oversized
    /// response, and for bytes after a complete one.
    public mutating func receive(_ bytes: some Collection<UInt8>) throws(DirectoryError) -> DirectoryHTTPResponse? {
        switch state {
        case .complete:
            guard bytes.isEmpty else {
                throw DirectoryError(
                    .httpTrailingData, kind: .protocolViolation,
                    "The directory sent bytes after the announced Content-Length; the response is discarded")
            }
            return nil
        case .head(var buffer):
            buffer.append(contentsOf: bytes)
            guard let end = Self.endOfHead(buffer) else {
                guard buffer.count <= Self.maximumHeaderSize else { throw Self.headersTooLarge() }
                state = .head(buffer)
                return nil
            }
            guard end.bodyStart <= Self.maximumHeaderSize else { throw Self.headersTooLarge() }
            let head = try Self.parseHead(buffer[..<end.headEnd])
            if let length = head.contentLength, length > maximumBodySize { throw tooLarge(length) }
            state = .body(head, [])
            return try receive(buffer[end.bodyStart...])
        case .body(let head, var body):
            body.append(contentsOf: bytes)
            if let length = head.contentLength {
                guard body.count <= length else {
                    throw DirectoryError(
                        .httpTrailingData, kind: .protocolViolation,
                        "The directory sent more than the announced Content-Length of \(length) bytes; "
                            + "the response is discarded")
                }
                if body.count == length {
                    state = .complete
                    return Self.response(head, body)
                }
            }
            guard body.count <= maximumBodySize else { throw tooLarge(body.count) }
            state = .body(head, body)
            return nil
        }
    }

    /// The connection ended: returns the response whose body ran to here, or throws
    /// `dir.http.truncated` when the head or an announced Content-Length is incomplete.
    public mutating func finish() throws(DirectoryError) -> DirectoryHTTPResponse {
        switch state {
        case .head:
            throw DirectoryError(
                .httpTruncated, kind: .protocolViolation,
                "The directory closed the connection before the end of the HTTP headers")
        case .complete:
            throw DirectoryError(.parserInternal, kind: .internalFailure, "The HTTP response was already returned")
        case .body(let head, let body):
            if let length = head.contentLength, body.count < length {
                throw DirectoryError(
                    .httpTruncated, kind: .protocolViolation,
                    "The directory closed the connection after \(body.count) of \(length) body bytes")
            }
            state = .complete
            return Self.response(head, body)
        }
    }

    private static func response(_ head: Head, _ body: [UInt8]) -> DirectoryHTTPResponse {
        DirectoryHTTPResponse(statusCode: head.statusCode, reasonPhrase: head.reasonPhrase, headers: head.headers, body: body)
    }

    private func tooLarge(_ size: Int) -> DirectoryError {
        DirectoryError(
            .httpBodyTooLarge, kind: .resource,
            "The directory's answer is \(size) bytes, more than the \(maximumBodySize) allowed for this document")
    }

    private static func headersTooLarge() -> DirectoryError {
        DirectoryError(
            .httpHeadersTooLarge, kind: .protocolViolation,
            "The directory's HTTP headers exceed \(maximumHeaderSize) bytes")
    }

    /// Where the blank line ending the head is: CRLF CRLF, or bare LF LF from a lax server.
    private static func endOfHead(_ buffer: [UInt8]) -> (headEnd: Int, bodyStart: Int)? {
        let newline = UInt8(ascii: "\n")
        var index = buffer.startIndex
        while let found = buffer[index...].firstIndex(of: newline) {
            let next = found + 1
            if next < buffer.endIndex, buffer[next] == newline { return (found, next + 1) }
            if next + 1 < buffer.endIndex, buffer[next] == UInt8(ascii: "\r"), buffer[next + 1] == newline {
                return (found, next + 2)
            }
            index = next
        }
        return nil
    }

    /// Parses the status line and header lines of `head` (the blank line excluded).
    private static func parseHead(_ head: ArraySlice<UInt8>) throws(DirectoryError) -> Head {
        guard head.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0D || $0 == 0x0A }) else {
            throw DirectoryError(.httpHeader, kind: .protocolViolation, "The HTTP headers hold bytes that are not printable ASCII")
        }
        // Split the bytes, not a String: Swift treats "\r\n" as one Character.
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self))
        }
        let statusLine = lines.removeFirst()
        let (code, reason) = try parseStatusLine(statusLine)
        var headers: [(name: String, value: String)] = []
        var contentLength: Int? = nil
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else {
                throw DirectoryError(.httpHeader, kind: .protocolViolation, "An HTTP header line is not \"Name: value\"")
            }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...].trimmingSpaces)
            switch name.lowercased() {
            case "content-length":
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(value),
                      contentLength == nil || contentLength == length
                else {
                    throw DirectoryError(.httpHeader, kind: .protocolViolation, "Content-Length is not one decimal number")
                }
                contentLength = length
            case "content-encoding":
                guard value.lowercased() == "identity" else {
                    throw DirectoryError(
                        .httpEncoding, kind: .protocolViolation,
                        "The directory sent a \(value)-compressed body although identity encoding was asked for")
                }
            default:
                break
            }
            headers.append((name, value))
        }
        return Head(statusCode: code, reasonPhrase: reason, headers: headers, contentLength: contentLength)
    }

    /// "HTTP/1.0 200 OK": version 1.x, three digits, an optional reason phrase.
    private static func parseStatusLine(_ line: Substring) throws(DirectoryError) -> (Int, String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.0" || parts[0] == "HTTP/1.1",
              parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let code = Int(parts[1]),
              code >= 100
        else {
            throw DirectoryError(
                .httpStatusLine, kind: .protocolViolation,
                "The directory's answer does not start with an HTTP/1.x status line")
        }
        return (code, parts.count == 3 ? String(parts[2]) : "")
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
