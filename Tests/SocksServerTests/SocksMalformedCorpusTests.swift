import TorCore
import NIOCore
import Testing
@testable import SocksServer

/// One bad input: what must be sent before closing (nil: close without a word) and why.
/// "tor" marks replies checked byte for byte against tor 0.4.9.11 on loopback.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: [UInt8]
    /// Bytes sent before the failure (method selection, RFC 1929 answer).
    let sentFirst: [UInt8]
    let reply: [UInt8]?
    let code: SocksError.Code
    var testDescription: String { name }

    init(_ name: String, _ input: [UInt8], sentFirst: [UInt8] = [], reply: [UInt8]?, _ code: SocksError.Code) {
        self.name = name
        self.input = input
        self.sentFirst = sentFirst
        self.reply = reply
        self.code = code
    }
}

let noAuth: [UInt8] = [5, 1, 0]
let http = Array(HTTPProxyRejection.response.utf8)

let malformedCorpus: [MalformedCase] = [
    MalformedCase("unknown version 6 (tor: close)", [6, 0], reply: nil, .versionUnsupported),
    MalformedCase("version 0", [0, 0], reply: nil, .versionUnsupported),
    MalformedCase("HTTP GET (tor: 501 page)", bytes("GET / HTTP/1.0\r\n\r\n"), reply: http, .httpRequest),
    MalformedCase("HTTP CONNECT (tor: 501 page)", bytes("CONNECT example.com:443 HTTP/1.1\r\n"), reply: http, .httpRequest),
    MalformedCase("HTTP HEAD", bytes("HEAD / HTTP/1.0\r\n"), reply: http, .httpRequest),
    MalformedCase("HTTP POST", bytes("POST / HTTP/1.0\r\n"), reply: http, .httpRequest),
    MalformedCase("OPTIONS is not answered (tor: close)", bytes("OPTIONS * HTTP/1.1\r\n"), reply: nil, .versionUnsupported),
    MalformedCase("only GSSAPI offered (tor: 05 FF)", [5, 1, 1], reply: [5, 0xFF], .noAcceptableMethod),
    MalformedCase("no methods offered (RFC 1928: 05 FF; tor closes silently)", [5, 0], reply: [5, 0xFF], .noAcceptableMethod),
    MalformedCase("RFC 1929 version 5 (tor: general failure)", bytes([5, 1, 2], [5, 3], "foo", [3], "bar"),
                  sentFirst: [5, 2], reply: socks5Failure(1), .authenticationVersion),
    MalformedCase("RFC 1929 version 0 (tor: general failure)", bytes([5, 1, 2], [0, 3], "foo", [3], "bar"),
                  sentFirst: [5, 2], reply: socks5Failure(1), .authenticationVersion),
    MalformedCase("request skipped the RFC 1929 message (tor: general failure)", bytes([5, 1, 2], [5, 0xF0, 0, 1, 1, 2, 3, 4, 0, 0]),
                  sentFirst: [5, 2], reply: socks5Failure(1), .authenticationVersion),
    MalformedCase("request version 4 after SOCKS5 greeting (tor answers with SOCKS4's 5B)", bytes(noAuth, [4, 1, 0, 1, 1, 2, 3, 4, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .requestVersion),
    MalformedCase("request version 2 after SOCKS5 greeting", bytes(noAuth, [2, 1, 0, 1, 1, 2, 3, 4, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .requestVersion),
    MalformedCase("reserved byte not zero (tor: general failure)", bytes(noAuth, [5, 1, 1, 3], exampleCom, [0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .reservedNotZero),
    MalformedCase("BIND (tor: 07)", bytes(noAuth, [5, 2, 0, 1, 192, 168, 0, 1, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(7), .commandUnsupported),
    MalformedCase("UDP ASSOCIATE (tor: 07)", bytes(noAuth, [5, 3, 0, 1, 192, 168, 0, 1, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(7), .commandUnsupported),
    MalformedCase("unknown command 9 (RFC 1928: 07; tor sends 01)", bytes(noAuth, [5, 9, 0, 1, 192, 168, 0, 1, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(7), .commandUnsupported),
    MalformedCase("ATYP 2 (RFC 1928: 08; tor sends 01)", bytes(noAuth, [5, 1, 0, 2, 192, 168, 0, 1, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(8), .addressTypeUnsupported),
    MalformedCase("ATYP 5 (RFC 1928: 08; tor sends 01)", bytes(noAuth, [5, 1, 0, 5, 192, 168, 0, 1, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(8), .addressTypeUnsupported),
    MalformedCase("zero-length hostname (tor: 01)", bytes(noAuth, [5, 1, 0, 3, 0, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .hostnameMalformed),
    MalformedCase("hostname with a space (tor: 01)", bytes(noAuth, [5, 0xF0, 0, 3, 3], "a b", [0, 0]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .hostnameMalformed),
    MalformedCase("hostname with a control byte (tor: 01)", bytes(noAuth, [5, 0xF0, 0, 3, 3, 0x61, 0x01, 0x62, 0, 0]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .hostnameMalformed),
    MalformedCase("hostname with NUL (tor truncates; we refuse)", bytes(noAuth, [5, 1, 0, 3, 3, 0x61, 0x00, 0x62, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .hostnameMalformed),
    MalformedCase("non-ASCII hostname (tor: 01)", bytes(noAuth, [5, 1, 0, 3, 3, 0xFF, 0x61, 0x62, 0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .hostnameMalformed),
    MalformedCase("hostname with an empty label (tor: 01)", bytes(noAuth, [5, 1, 0, 3, 4], "a..b", [0, 80]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .hostnameMalformed),
    MalformedCase("RESOLVE_PTR of a hostname (tor: 08)", bytes(noAuth, [5, 0xF1, 0, 3], exampleCom, [0, 0]),
                  sentFirst: [5, 0], reply: socks5Failure(8), .reverseLookupNeedsAddress),
    MalformedCase("CONNECT to port 0 (tor: 01)", bytes(noAuth, [5, 1, 0, 1, 1, 2, 3, 4, 0, 0]),
                  sentFirst: [5, 0], reply: socks5Failure(1), .destinationZero),
    MalformedCase("SOCKS4 BIND (tor: 5B)", bytes([4, 2, 0, 80, 1, 2, 3, 4], "us", [0]), reply: socks4Rejected, .commandUnsupported),
    MalformedCase("SOCKS4 RESOLVE_PTR (tor: 5B)", bytes([4, 0xF1, 0, 0, 1, 2, 3, 4], "us", [0]), reply: socks4Rejected, .commandUnsupported),
    MalformedCase("SOCKS4 command 3", bytes([4, 3, 0, 80, 1, 2, 3, 4, 0]), reply: socks4Rejected, .commandUnsupported),
    MalformedCase("SOCKS4 CONNECT to port 0 (tor: 5B)", bytes([4, 1, 0, 0, 1, 2, 3, 4], "us", [0]), reply: socks4Rejected, .destinationZero),
    MalformedCase("SOCKS4 to 0.0.0.0", bytes([4, 1, 0, 80, 0, 0, 0, 0, 0]), reply: socks4Rejected, .destinationZero),
    MalformedCase("SOCKS4 USERID over the limit, before its NUL (tor: 5B)",
                  bytes([4, 1, 0, 80, 1, 2, 3, 4], [UInt8](repeating: 0x75, count: SocksLimits.maximumSocks4UserIDLength + 1)),
                  reply: socks4Rejected, .userIDTooLong),
    MalformedCase("SOCKS4a empty hostname (tor: 5B)", bytes([4, 1, 0, 80, 0, 0, 0, 1], "us", [0, 0]), reply: socks4Rejected, .hostnameMalformed),
    MalformedCase("SOCKS4a hostname over the limit (tor: 5B)",
                  bytes([4, 0xF0, 0, 0, 0, 0, 0, 1, 0], String(repeating: "a", count: SocksLimits.maximumSocks4HostnameLength + 1), [0]),
                  reply: socks4Rejected, .hostnameMalformed),
    MalformedCase("SOCKS4a malformed hostname", bytes([4, 1, 0, 80, 0, 0, 0, 1, 0], "a b", [0]), reply: socks4Rejected, .hostnameMalformed),
]

@Suite struct SocksMalformedCorpusTests {
    @Test(arguments: malformedCorpus)
    func refusedWithTheExpectedReply(entry: MalformedCase) {
        for chunk in [1, entry.input.count] {
            let transcript = drive(entry.input, chunkSize: chunk)
            #expect(transcript.sent == entry.sentFirst, "chunk \(chunk)")
            #expect(transcript.request == nil)
            #expect(transcript.closeReply == (entry.reply ?? []), "chunk \(chunk)")
            #expect(transcript.errorCode == entry.code, "chunk \(chunk)")
        }
    }

    @Test func nothingIsParsedAfterAClose() {
        var machine = SocksServerStateMachine()
        var buffer = ByteBuffer(bytes: [6, 0])
        guard case .close = machine.receive(&buffer) else { Issue.record("expected a close"); return }
        buffer.writeBytes([5, 1, 0])
        #expect(machine.receive(&buffer) == nil)
        #expect(machine.isHandshakeComplete)
    }
}
