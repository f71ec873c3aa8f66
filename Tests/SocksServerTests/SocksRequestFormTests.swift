import NIOCore
import Testing
@testable import SocksServer

/// One valid handshake of every supported form: the client's bytes, what the server must send
/// back before the request, and the request it must yield.
struct RequestForm: CustomTestStringConvertible, Sendable {
    let name: String
    let input: [UInt8]
    let expectedSent: [UInt8]
    let expected: SocksRequest
    var testDescription: String { name }
}

let exampleCom = bytes(11, "example.com")

let requestForms: [RequestForm] = [
    RequestForm(
        name: "SOCKS5 no-auth CONNECT hostname",
        input: bytes([5, 1, 0], [5, 1, 0, 3], exampleCom, [0x00, 0x50]),
        expectedSent: [5, 0],
        expected: SocksRequest(version: .socks5, command: .connect, target: .hostname("example.com"), port: 80)),
    RequestForm(
        name: "SOCKS5 no-auth CONNECT IPv4",
        input: bytes([5, 1, 0], [5, 1, 0, 1, 192, 168, 0, 1, 0x01, 0xBB]),
        expectedSent: [5, 0],
        expected: SocksRequest(version: .socks5, command: .connect, target: .ipv4(SocksIPv4Address(192, 168, 0, 1)), port: 443)),
    RequestForm(
        name: "SOCKS5 no-auth CONNECT IPv6",
        input: bytes([5, 1, 0], [5, 1, 0, 4], hex("20010db8000000000000000000000001"), [0x1F, 0x90]),
        expectedSent: [5, 0],
        expected: SocksRequest(version: .socks5, command: .connect,
                               target: .ipv6(SocksIPv6Address(high: 0x2001_0DB8_0000_0000, low: 1)), port: 8080)),
    RequestForm(
        name: "SOCKS5 username/password CONNECT",
        input: bytes([5, 2, 0, 2], [1, 3], "foo", [3], "bar", [5, 1, 0, 3], exampleCom, [0x00, 0x50]),
        expectedSent: [5, 2, 1, 0],
        expected: SocksRequest(version: .socks5, command: .connect, target: .hostname("example.com"), port: 80,
                               credentials: SocksCredentials(username: Array("foo".utf8), password: Array("bar".utf8)))),
    RequestForm(
        name: "SOCKS5 username/password after no-auth was selected (tor extension)",
        input: bytes([5, 1, 0], [1, 1], "u", [0], [5, 1, 0, 1, 10, 0, 0, 1, 0x00, 0x16]),
        expectedSent: [5, 0, 1, 0],
        expected: SocksRequest(version: .socks5, command: .connect, target: .ipv4(SocksIPv4Address(10, 0, 0, 1)), port: 22,
                               credentials: SocksCredentials(username: Array("u".utf8)))),
    RequestForm(
        name: "SOCKS5 empty username/password carries no credentials",
        input: bytes([5, 1, 2], [1, 0, 0], [5, 1, 0, 3], exampleCom, [0x00, 0x50]),
        expectedSent: [5, 2, 1, 0],
        expected: SocksRequest(version: .socks5, command: .connect, target: .hostname("example.com"), port: 80)),
    RequestForm(
        name: "SOCKS5 RESOLVE",
        input: bytes([5, 1, 0], [5, 0xF0, 0, 3], exampleCom, [0, 0]),
        expectedSent: [5, 0],
        expected: SocksRequest(version: .socks5, command: .resolve, target: .hostname("example.com"), port: 0)),
    RequestForm(
        name: "SOCKS5 RESOLVE_PTR",
        input: bytes([5, 1, 0], [5, 0xF1, 0, 1, 1, 2, 3, 4, 0, 0]),
        expectedSent: [5, 0],
        expected: SocksRequest(version: .socks5, command: .resolvePTR, target: .ipv4(SocksIPv4Address(1, 2, 3, 4)), port: 0)),
    RequestForm(
        name: "SOCKS4 CONNECT",
        input: bytes([4, 1, 0x00, 0x50, 192, 168, 0, 1], "us", [0]),
        expectedSent: [],
        expected: SocksRequest(version: .socks4, command: .connect, target: .ipv4(SocksIPv4Address(192, 168, 0, 1)), port: 80,
                               credentials: SocksCredentials(username: Array("us".utf8)))),
    RequestForm(
        name: "SOCKS4a CONNECT hostname",
        input: bytes([4, 1, 0x00, 0x50, 0, 0, 0, 1], [0], "example.com", [0]),
        expectedSent: [],
        expected: SocksRequest(version: .socks4a, command: .connect, target: .hostname("example.com"), port: 80)),
    RequestForm(
        name: "SOCKS4a RESOLVE",
        input: bytes([4, 0xF0, 0, 0, 0, 0, 0, 1], "us", [0], "example.com", [0]),
        expectedSent: [],
        expected: SocksRequest(version: .socks4a, command: .resolve, target: .hostname("example.com"), port: 0,
                               credentials: SocksCredentials(username: Array("us".utf8)))),
]

@Suite struct SocksRequestFormTests {
    @Test(arguments: requestForms)
    func dripFedOneByteAtATime(form: RequestForm) throws {
        let transcript = drive(form.input, chunkSize: 1)
        #expect(transcript.sent == form.expectedSent)
        #expect(!transcript.closed)
        let request = try #require(transcript.request)
        #expect(request == form.expected)
        #expect(request.optimisticData.readableBytes == 0)
    }

    @Test(arguments: requestForms)
    func oneChunkKeepsTrailingOptimisticData(form: RequestForm) throws {
        let optimistic = Array("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".utf8)
        let transcript = drive(form.input + optimistic)
        #expect(transcript.sent == form.expectedSent)
        var expected = form.expected
        expected.optimisticData = ByteBuffer(bytes: optimistic)
        #expect(try #require(transcript.request) == expected)
    }

    @Test(arguments: requestForms)
    func everySplitPointGivesTheSameTranscript(form: RequestForm) {
        let whole = drive(form.input)
        for chunk in 2..<max(3, form.input.count) {
            #expect(drive(form.input, chunkSize: chunk) == whole, "chunk size \(chunk)")
        }
    }

    @Test func longestFieldsTorAcceptsAreAccepted() throws {
        let userID = [UInt8](repeating: UInt8(ascii: "u"), count: SocksLimits.maximumSocks4UserIDLength)
        let socks4 = drive(bytes([4, 1, 0, 80, 1, 2, 3, 4], userID, [0]))
        #expect(try #require(socks4.request).credentials?.username == userID)

        let name = String(repeating: "a", count: SocksLimits.maximumSocks4HostnameLength)
        let socks4a = drive(bytes([4, 0xF0, 0, 0, 0, 0, 0, 1, 0], name, [0]))
        #expect(try #require(socks4a.request).target == .hostname(name))

        let socks5 = drive(bytes([5, 1, 0, 5, 0xF0, 0, 3, 255], name, [0, 0]))
        #expect(try #require(socks5.request).target == .hostname(name))
    }

    @Test func usernamePasswordIsPreferredUnlessConfiguredOtherwise() {
        #expect(drive([5, 2, 0, 2]).sent == [5, 2])
        #expect(drive([5, 2, 2, 0]).sent == [5, 2])
        #expect(drive([5, 2, 0, 2], configuration: .init(preferNoAuthentication: true)).sent == [5, 0])
        #expect(drive([5, 1, 2], configuration: .init(preferNoAuthentication: true)).sent == [5, 2])
        #expect(SocksPortOptions(isolation: []).stateMachineConfiguration.preferNoAuthentication)
        #expect(!SocksPortOptions().stateMachineConfiguration.preferNoAuthentication)
    }

    @Test func ipLiteralHostnamesStayHostnames() throws {
        // Tor never resolves locally, and an IP literal given as a name goes to the exit as it is.
        let transcript = drive(bytes([5, 1, 0, 5, 1, 0, 3, 7], "1.2.3.4", [0, 80]))
        #expect(try #require(transcript.request).target == .hostname("1.2.3.4"))
    }
}
