import NIOCore
import Testing
@testable import SocksServer

/// Replies, byte for byte. Vectors marked "tor" were read from tor 0.4.9.11 on loopback.
@Suite struct SocksReplyTests {
    /// A state machine that has just yielded `request` for these client bytes.
    func machine(after input: [UInt8], configuration: SocksServerStateMachine.Configuration = .init()) -> SocksServerStateMachine {
        var machine = SocksServerStateMachine(configuration: configuration)
        var buffer = ByteBuffer(bytes: input)
        while let action = machine.receive(&buffer) {
            if case .close = action { Issue.record("unexpected close") }
        }
        #expect(machine.isHandshakeComplete)
        return machine
    }

    func reply(_ input: [UInt8], _ result: SocksResult, extendedErrors: Bool = false) -> SocksReplyAction? {
        var machine = machine(after: input, configuration: .init(extendedErrors: extendedErrors))
        return machine.reply(result)
    }

    let socks5Connect = bytes([5, 1, 0], [5, 1, 0, 3], exampleCom, [0, 80])
    let socks5Resolve = bytes([5, 1, 0], [5, 0xF0, 0, 3], exampleCom, [0, 0])
    let socks5ResolvePTR = bytes([5, 1, 0], [5, 0xF1, 0, 1, 1, 2, 3, 4, 0, 0])
    let socks4Connect = bytes([4, 1, 0, 80, 1, 2, 3, 4, 0])
    let socks4aResolve = bytes([4, 0xF0, 0, 0, 0, 0, 0, 1], "us", [0], "example.com", [0])

    @Test func socks5ConnectSuccessBindsZero() {
        #expect(reply(socks5Connect, .connected) == .relay(ByteBuffer(bytes: [5, 0, 0, 1, 0, 0, 0, 0, 0, 0])))
    }

    @Test func socks5ResolveAnswersIPv4WithPortZero() {
        // tor: 05 00 00 01 01020304 0000 for RESOLVE of 1.2.3.4.
        #expect(reply(socks5Resolve, .resolved(.ipv4(SocksIPv4Address(1, 2, 3, 4))))
            == .close(ByteBuffer(bytes: hex("05 00 00 01 01020304 0000"))))
    }

    @Test func socks5ResolveAnswersIPv6() {
        // tor: 05 00 00 04 <16 bytes> 0000 for RESOLVE of ::1.
        #expect(reply(socks5Resolve, .resolved(.ipv6(SocksIPv6Address(high: 0, low: 1))))
            == .close(ByteBuffer(bytes: hex("05 00 00 04 00000000000000000000000000000001 0000"))))
    }

    @Test func socks5ResolvePTRAnswersWithTheHostname() {
        #expect(reply(socks5ResolvePTR, .resolved(.hostname("example.com")))
            == .close(ByteBuffer(bytes: bytes([5, 0, 0, 3], exampleCom, [0, 0]))))
    }

    @Test(arguments: [(UInt8(2), UInt8(4)), (3, 5), (4, 2), (7, 6), (8, 3), (1, 1), (6, 1), (12, 5), (99, 1)])
    func socks5FailureCarriesTheMappedEndReason(endReason: UInt8, code: UInt8) {
        #expect(reply(socks5Connect, .failed(SocksReplyCode(endReason: endReason)))
            == .close(ByteBuffer(bytes: socks5Failure(code))))
    }

    @Test func extendedCodesOnlyWithExtendedErrors() {
        // tor: an invalid .onion gets 05 F6 … on an ExtendedErrors port and 05 01 … elsewhere.
        #expect(reply(socks5Connect, .failed(.onionServiceInvalidAddress), extendedErrors: true)
            == .close(ByteBuffer(bytes: socks5Failure(0xF6))))
        #expect(reply(socks5Connect, .failed(.onionServiceInvalidAddress))
            == .close(ByteBuffer(bytes: socks5Failure(0x01))))
    }

    @Test func socks4ConnectGrantedAndRejected() {
        #expect(reply(socks4Connect, .connected) == .relay(ByteBuffer(bytes: [0, 0x5A, 0, 0, 0, 0, 0, 0])))
        #expect(reply(socks4Connect, .failed(.connectionRefused)) == .close(ByteBuffer(bytes: socks4Rejected)))
        #expect(reply(socks4Connect, .failed(.onionServiceInvalidAddress), extendedErrors: true)
            == .close(ByteBuffer(bytes: socks4Rejected)))
    }

    @Test func socks4aResolveCarriesTheIPv4Answer() {
        // tor: 00 5A 0000 01020304 for RESOLVE of 1.2.3.4 over SOCKS4a.
        #expect(reply(socks4aResolve, .resolved(.ipv4(SocksIPv4Address(1, 2, 3, 4))))
            == .close(ByteBuffer(bytes: hex("00 5A 0000 01020304"))))
        #expect(reply(socks4aResolve, .resolved(.ipv6(SocksIPv6Address(high: 0, low: 1))))
            == .close(ByteBuffer(bytes: socks4Rejected)))
    }

    @Test func resultsThatDoNotFitTheCommandAreGeneralFailures() {
        #expect(reply(socks5Connect, .resolved(.ipv4(SocksIPv4Address(1, 2, 3, 4)))) == .close(ByteBuffer(bytes: socks5Failure(1))))
        #expect(reply(socks5Resolve, .connected) == .close(ByteBuffer(bytes: socks5Failure(1))))
        #expect(reply(socks5Resolve, .resolved(.hostname("example.com"))) == .close(ByteBuffer(bytes: socks5Failure(1))))
        #expect(reply(socks5ResolvePTR, .resolved(.hostname(""))) == .close(ByteBuffer(bytes: socks5Failure(1))))
        #expect(reply(socks5Connect, .failed(.succeeded)) == .close(ByteBuffer(bytes: socks5Failure(1))))
    }

    @Test func replyIsRefusedWithoutAPendingRequest() {
        var fresh = SocksServerStateMachine()
        #expect(fresh.reply(.connected) == nil)
        var answered = machine(after: socks5Connect)
        #expect(answered.reply(.connected) != nil)
        #expect(answered.reply(.connected) == nil)
    }

    @Test func socks5ReplyRoundTrips() throws {
        let replies = [
            Socks5Reply(code: .succeeded),
            Socks5Reply(code: .hostUnreachable),
            Socks5Reply(code: .succeeded, boundAddress: .ipv6(SocksIPv6Address(high: 0xFE80 << 48, low: 0x1234)), boundPort: 9050),
            Socks5Reply(code: .succeeded, boundAddress: .hostname("example.com")),
            Socks5Reply(code: SocksReplyCode(rawValue: 0x42)),
        ]
        for original in replies {
            var buffer = ByteBuffer()
            original.write(to: &buffer)
            let encoded = Array(buffer: buffer)
            // Drip-fed: every proper prefix needs more and consumes nothing.
            for length in 0..<encoded.count {
                var partial = ByteBuffer(bytes: encoded[..<length])
                #expect(try Socks5Reply.read(from: &partial) == nil)
                #expect(partial.readableBytes == length)
            }
            let decoded = try #require(try Socks5Reply.read(from: &buffer))
            #expect(decoded == original)
            #expect(buffer.readableBytes == 0)
            var again = ByteBuffer()
            decoded.write(to: &again)
            #expect(Array(buffer: again) == encoded)
        }
    }

    @Test func socks5ReplyDecoderRejectsMalformedReplies() {
        for malformed in [hex("04 00 00 01 00000000 0000"), hex("05 00 01 01 00000000 0000"), hex("05 04 00 00 00000000 0000")] {
            var buffer = ByteBuffer(bytes: malformed)
            #expect(throws: SocksError.self) { try Socks5Reply.read(from: &buffer) }
            #expect(buffer.readableBytes == malformed.count)
        }
    }

    @Test func socks4ReplyRoundTrips() throws {
        let encoded = hex("00 5A 1F90 7F000001")
        var buffer = ByteBuffer(bytes: encoded)
        let decoded = try #require(try Socks4Reply.read(from: &buffer))
        #expect(decoded == Socks4Reply(code: .granted, port: 8080, address: SocksIPv4Address(127, 0, 0, 1)))
        var again = ByteBuffer()
        decoded.write(to: &again)
        #expect(Array(buffer: again) == encoded)
        var short = ByteBuffer(bytes: encoded.dropLast())
        #expect(try Socks4Reply.read(from: &short) == nil)
        var wrong = ByteBuffer(bytes: hex("04 5A 0000 00000000"))
        #expect(throws: SocksError.self) { try Socks4Reply.read(from: &wrong) }
    }
}
