import NIOCore
import Testing
@testable import SocksServer

/// Client messages decode, compare and re-encode byte for byte; addresses print as tor sends them.
@Suite struct SocksWireTests {
    /// Decodes `encoded` drip-fed, checks it equals `expected`, and re-encodes it.
    func roundTrip<Message: Equatable>(
        _ encoded: [UInt8], expected: Message,
        read: (inout ByteBuffer) throws -> Message?, write: (Message, inout ByteBuffer) -> Void
    ) throws {
        for length in 0..<encoded.count {
            var partial = ByteBuffer(bytes: encoded[..<length])
            #expect(try read(&partial) == nil, "prefix of \(length) bytes")
            #expect(partial.readableBytes == length)
        }
        var buffer = ByteBuffer(bytes: encoded + [0xAA])
        let decoded = try #require(try read(&buffer))
        #expect(decoded == expected)
        #expect(Array(buffer: buffer) == [0xAA])
        var again = ByteBuffer()
        write(decoded, &again)
        #expect(Array(buffer: again) == encoded)
    }

    @Test func greetingRoundTrips() throws {
        try roundTrip([5, 2, 0, 2], expected: Socks5Greeting(methods: [.noAuthentication, .usernamePassword]),
                      read: Socks5Greeting.read, write: { $0.write(to: &$1) })
    }

    @Test func authenticationRoundTrips() throws {
        try roundTrip(bytes([1, 3], "foo", [4], "pass"),
                      expected: Socks5Authentication(username: Array("foo".utf8), password: Array("pass".utf8)),
                      read: Socks5Authentication.read, write: { $0.write(to: &$1) })
    }

    @Test func socks5RequestRoundTrips() throws {
        try roundTrip(bytes([5, 1, 0, 3], exampleCom, [0x01, 0xBB]),
                      expected: Socks5Request(command: .connect, target: .hostname("example.com"), port: 443),
                      read: Socks5Request.read, write: { $0.write(to: &$1) })
        try roundTrip(hex("05 F0 00 04 20010db8000000000000000000000001 0000"),
                      expected: Socks5Request(command: .resolve, target: .ipv6(SocksIPv6Address(high: 0x2001_0DB8 << 32, low: 1)), port: 0),
                      read: Socks5Request.read, write: { $0.write(to: &$1) })
    }

    @Test func socks4RequestRoundTrips() throws {
        try roundTrip(bytes([4, 1, 0, 80, 1, 2, 3, 4], "user", [0]),
                      expected: Socks4Request(command: .connect, port: 80, address: SocksIPv4Address(1, 2, 3, 4), userID: Array("user".utf8)),
                      read: Socks4Request.read, write: { $0.write(to: &$1) })
        try roundTrip(bytes([4, 0xF0, 0, 0, 0, 0, 0, 9], [0], "example.com", [0]),
                      expected: Socks4Request(command: .resolve, port: 0, address: SocksIPv4Address(0, 0, 0, 9), userID: [],
                                              hostname: "example.com"),
                      read: Socks4Request.read, write: { $0.write(to: &$1) })
    }

    @Test func methodAndAuthenticationRepliesAreTwoBytes() {
        var buffer = ByteBuffer()
        Socks5MethodSelection(method: .usernamePassword).write(to: &buffer)
        Socks5AuthenticationReply().write(to: &buffer)
        #expect(Array(buffer: buffer) == [5, 2, 1, 0])
    }

    @Test(arguments: [
        ("::1", [0, 0, 0, 0, 0, 0, 0, 1]),
        ("2001:db8::1", [0x2001, 0xDB8, 0, 0, 0, 0, 0, 1]),
        ("::", [0, 0, 0, 0, 0, 0, 0, 0]),
        ("1:0:1:0:1:0:1:0", [1, 0, 1, 0, 1, 0, 1, 0]),
        ("2001:db8::1:0:0:1", [0x2001, 0xDB8, 0, 0, 1, 0, 0, 1]),
        ("2001:0:0:1::1", [0x2001, 0, 0, 1, 0, 0, 0, 1]),
        ("fe80::", [0xFE80, 0, 0, 0, 0, 0, 0, 0]),
    ] as [(String, [UInt16])])
    func ipv6PrintsInRFC5952Form(text: String, groups: [UInt16]) throws {
        let address = try #require(SocksIPv6Address(bytes: groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        #expect(address.description == text)
        #expect(address.groups == groups)
        #expect(SocksTarget.ipv6(address).description == "[\(text)]")
    }

    @Test func ipv4PrintsDottedQuad() {
        #expect(SocksIPv4Address(192, 168, 0, 1).description == "192.168.0.1")
        #expect(SocksIPv4Address(192, 168, 0, 1).rawValue == 0xC0A8_0001)
        #expect(SocksIPv6Address(bytes: [1, 2, 3]) == nil)
    }

    @Test func endReasonMappingMatchesTheDocumentedTable() {
        let expected: [UInt8: SocksReplyCode] = [
            0: .generalFailure, 1: .generalFailure, 2: .hostUnreachable, 3: .connectionRefused, 4: .notAllowedByRuleset,
            5: .generalFailure, 6: .generalFailure, 7: .ttlExpired, 8: .networkUnreachable, 9: .generalFailure,
            10: .generalFailure, 11: .generalFailure, 12: .connectionRefused, 13: .generalFailure, 14: .generalFailure,
        ]
        for reason in UInt8.min...UInt8.max {
            #expect(SocksReplyCode(endReason: reason) == expected[reason, default: .generalFailure], "END reason \(reason)")
        }
        guard case .failed(let code) = SocksOutcome.failed(endReason: 7) else { Issue.record("expected a failure"); return }
        #expect(code == .ttlExpired)
    }

    @Test func extendedCodesAreF0ThroughF7() {
        let extended = (UInt8.min...UInt8.max).filter { SocksReplyCode(rawValue: $0).isExtended }
        #expect(extended == Array(0xF0...0xF7))
        #expect(SocksReplyCode.onionServiceIntroductionTimedOut.rawValue == 0xF7)
        #expect(SocksReplyCode.onionServiceDescriptorNotFound.downgraded(extendedErrors: false) == .generalFailure)
        #expect(SocksReplyCode.hostUnreachable.downgraded(extendedErrors: false) == .hostUnreachable)
    }
}

/// Which hostnames pass, checked against what tor 0.4.9.11 did with each one over SOCKS5 RESOLVE.
@Suite struct SocksHostnameRuleTests {
    @Test(arguments: [
        "example.com", "a-", "a.", "A_B", "a.b.", "xn--bcher-kva.example", "1.2.3", "1.2.3.4", "a.b-", "a.b.c.d.e",
        "localhost", "127.0.0.1", "::1", "[::1]", "::", "2001:db8::1", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:8",
    ])
    func torAccepts(name: String) {
        #expect(SocksHostnameRule.accepts(Array(name.utf8)))
    }

    @Test(arguments: [
        "", "a b", "a\u{01}b", "a\u{00}b", "ex%ample", "a..b", ".", "-a", "a.-b", "_a", "a:b", "@", "*", "a~b", "bücher.de",
        "[::1", "::1]", "[]", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.256",
        "1:2:3:4:5:6:7::8", "g::1",
    ])
    func torRefuses(name: String) {
        #expect(!SocksHostnameRule.accepts(Array(name.utf8)))
    }
}
