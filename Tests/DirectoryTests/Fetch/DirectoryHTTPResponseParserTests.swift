import Testing
@testable import Directory

/// The HTTP/1.0 response reader shared by both transports (dir-spec 6), fed the exact heads a
/// tor 0.4.9.11 authority sent on the private network.
@Suite("Directory HTTP/1.0 response parser")
struct DirectoryHTTPResponseParserTests {
    /// What tor 0.4.9.11 answered to GET /tor/status-vote/current/consensus-microdesc.
    static let consensusHead = Array(
        ("HTTP/1.0 200 OK\r\nDate: Mon, 23 Nov 2026 02:53:41 GMT\r\nContent-Type: text/plain\r\n"
            + "Content-Encoding: identity\r\nExpires: Mon, 23 Nov 2026 02:54:30 GMT\r\n"
            + "Vary: X-Or-Diff-From-Consensus\r\n\r\n").utf8)
    /// What it answered to a certificate it does not have.
    static let notFoundHead = Array("HTTP/1.0 404 Not found\r\nDate: Mon, 23 Nov 2026 02:53:41 GMT\r\n\r\n".utf8)
    static let body = Array("network-status-version 3 microdesc\nvote-status consensus\n".utf8)

    @Test func tor049AnswerReadToEndOfStream() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        #expect(try parser.receive(Self.consensusHead + Self.body) == nil)
        let response = try parser.finish()
        #expect(response.statusCode == 200)
        #expect(response.reasonPhrase == "OK")
        #expect(response.headers.map(\.name) == ["Date", "Content-Type", "Content-Encoding", "Expires", "Vary"])
        #expect(response.header("content-encoding") == "identity")
        #expect(response.header("VARY") == "X-Or-Diff-From-Consensus")
        #expect(try response.successfulBody() == Self.body)
    }

    @Test func dripFedOneByteAtATimeGivesTheSameResponse() throws {
        var whole = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        _ = try whole.receive(Self.consensusHead + Self.body)
        var dripped = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        for byte in Self.consensusHead + Self.body {
            #expect(try dripped.receive([byte]) == nil)
        }
        #expect(try dripped.finish() == whole.finish())
    }

    @Test func contentLengthCompletesWithoutEndOfStream() throws {
        let head = Array("HTTP/1.0 200 OK\r\nContent-Length: \(Self.body.count)\r\n\r\n".utf8)
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        let bytes = head + Self.body
        for byte in bytes.dropLast() { #expect(try parser.receive([byte]) == nil) }
        let response = try #require(try parser.receive([bytes.last!]))
        #expect(response.body == Self.body)
        #expect(try parser.receive([]) == nil)
    }

    @Test func emptyBodyWithContentLengthZero() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 10)
        let response = try #require(try parser.receive(Array("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)))
        #expect(response.body.isEmpty)
    }

    @Test func bareLineFeedsAreAccepted() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        _ = try parser.receive(Array("HTTP/1.0 200 OK\nContent-Type: text/plain\n\n".utf8) + Self.body)
        let response = try parser.finish()
        #expect(response.header("Content-Type") == "text/plain")
        #expect(response.body == Self.body)
    }

    @Test func notFoundIsReadAndThenRefusedAsStatus() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        _ = try parser.receive(Self.notFoundHead)
        let response = try parser.finish()
        #expect(response.statusCode == 404)
        #expect(response.reasonPhrase == "Not found")
        expectDirectoryError(.httpStatus) { try response.successfulBody() }
    }

    // MARK: One case per malformed answer.

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n", "HTTP/1.0 20 OK\r\n\r\n", "HTTP/1.0 2000 OK\r\n\r\n", "ICY 200 OK\r\n\r\n",
        "HTTP/1.0 abc OK\r\n\r\n", "HTTP/1.0 099 Low\r\n\r\n", "\r\n\r\n",
    ])
    func malformedStatusLine(_ head: String) {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        expectDirectoryError(.httpStatusLine) { try parser.receive(Array(head.utf8)) }
    }

    @Test(arguments: [
        "NoColonHere", ": empty name", "Bad Name: value", " folded: continuation",
        "Content-Length: ten", "Content-Length: -1", "Content-Length: +5", "Content-Length: ",
        "Content-Length: 5\r\nContent-Length: 6",
    ])
    func malformedHeader(_ line: String) {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        expectDirectoryError(.httpHeader) { try parser.receive(Array("HTTP/1.0 200 OK\r\n\(line)\r\n\r\n".utf8)) }
    }

    @Test func nonASCIIInHeadersIsRejected() {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        expectDirectoryError(.httpHeader) {
            try parser.receive(Array("HTTP/1.0 200 OK\r\nX: ".utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8))
        }
    }

    @Test(arguments: ["deflate", "x-zstd", "x-tor-lzma", "gzip"])
    func compressedBodyIsRejected(_ encoding: String) {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        expectDirectoryError(.httpEncoding) {
            try parser.receive(Array("HTTP/1.0 200 OK\r\nContent-Encoding: \(encoding)\r\n\r\n".utf8))
        }
    }

    @Test func endOfStreamInsideTheHeadersIsTruncation() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        _ = try parser.receive(Self.consensusHead.dropLast(2))
        expectDirectoryError(.httpTruncated) { try parser.finish() }
    }

    @Test func endOfStreamBeforeContentLengthIsTruncation() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        _ = try parser.receive(Array("HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nshort".utf8))
        expectDirectoryError(.httpTruncated) { try parser.finish() }
    }

    @Test func bytesBeyondContentLengthAreRejected() {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        expectDirectoryError(.httpTrailingData) {
            try parser.receive(Array("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nabc".utf8))
        }
    }

    @Test func bytesAfterACompleteResponseAreRejected() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        _ = try #require(try parser.receive(Array("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nab".utf8)))
        expectDirectoryError(.httpTrailingData) { try parser.receive([0x41]) }
    }

    // MARK: Limits.

    @Test func headersBeyondTheLimitAreRejectedBeforeTheyEnd() {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        let filler = Array("HTTP/1.0 200 OK\r\n".utf8)
            + Array(repeating: UInt8(ascii: "a"), count: DirectoryHTTPResponseParser.maximumHeaderSize)
        expectDirectoryError(.httpHeadersTooLarge) { try parser.receive(filler) }
    }

    @Test func headersJustUnderTheLimitAreAccepted() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        let prefix = "HTTP/1.0 200 OK\r\nX: "
        let padding = DirectoryHTTPResponseParser.maximumHeaderSize - prefix.utf8.count - 4
        let head = Array(prefix.utf8) + Array(repeating: UInt8(ascii: "a"), count: padding) + Array("\r\n\r\n".utf8)
        #expect(head.count == DirectoryHTTPResponseParser.maximumHeaderSize)
        #expect(try parser.receive(head) == nil)
        #expect(try parser.finish().header("X")?.count == padding)
        var over = DirectoryHTTPResponseParser(maximumBodySize: 1024)
        expectDirectoryError(.httpHeadersTooLarge) { try over.receive(Array(prefix.utf8) + [0x61] + head.dropFirst(prefix.utf8.count)) }
    }

    @Test func announcedBodyBeyondTheLimitIsRejectedAtOnce() {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 100)
        expectDirectoryError(.httpBodyTooLarge) {
            try parser.receive(Array("HTTP/1.0 200 OK\r\nContent-Length: 101\r\n\r\n".utf8))
        }
    }

    @Test func bodyToEndOfStreamBeyondTheLimitIsRejected() throws {
        var parser = DirectoryHTTPResponseParser(maximumBodySize: 100)
        #expect(try parser.receive(Self.consensusHead + Array(repeating: 0x41, count: 100)) == nil)
        expectDirectoryError(.httpBodyTooLarge) { try parser.receive([0x41]) }
    }
}
