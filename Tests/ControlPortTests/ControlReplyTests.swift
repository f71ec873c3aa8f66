import ControlPort
import Testing

@Suite struct ControlReplyTests {
    func wire(_ reply: ControlReply) -> String { String(decoding: reply.encoded, as: UTF8.self) }

    @Test func okReply() {
        #expect(wire(.ok) == "250 OK\r\n")
    }

    @Test func midLinesThenEnd() {
        let reply = ControlReply(.ok, lines: [.text("version=0.4.9.11"), .text("traffic/read=10"), .text("OK")])
        #expect(wire(reply) == "250-version=0.4.9.11\r\n250-traffic/read=10\r\n250 OK\r\n")
    }

    @Test func dataReplyIsDotStuffedAndTerminated() {
        let reply = ControlReply(.ok, lines: [.data(header: "config-text=", body: "SocksPort 9050\n.dot\nLast\n")])
        #expect(wire(reply) == "250+config-text=\r\nSocksPort 9050\r\n..dot\r\nLast\r\n.\r\n250 OK\r\n")
    }

    @Test func emptyDataReply() {
        let reply = ControlReply(.ok, lines: [.data(header: "stream-status=", body: ""), .text("OK")])
        #expect(wire(reply) == "250+stream-status=\r\n.\r\n250 OK\r\n")
    }

    @Test(arguments: [
        (ControlStatus.unrecognizedCommand, "Unrecognized command \"FOO\"", "510 Unrecognized command \"FOO\"\r\n"),
        (.argumentSyntaxError, "bad", "512 bad\r\n"),
        (.unrecognizedArgument, "x", "513 x\r\n"),
        (.authenticationRequired, "Authentication required.", "514 Authentication required.\r\n"),
        (.badAuthentication, "Authentication failed", "515 Authentication failed\r\n"),
        (.internalError, "oops", "551 oops\r\n"),
        (.unrecognizedEntity, "Unrecognized key \"k\"", "552 Unrecognized key \"k\"\r\n"),
        (.invalidConfigValue, "Invalid", "553 Invalid\r\n"),
    ])
    func errorReplies(_ status: ControlStatus, _ text: String, _ expected: String) {
        #expect(wire(ControlReply(status, text)) == expected)
    }

    @Test func eventLine() {
        #expect(wire(ControlEvent(.bandwidth, "10 20").reply) == "650 BW 10 20\r\n")
        #expect(wire(ControlEvent(.circuit, "1 BUILT").reply) == "650 CIRC 1 BUILT\r\n")
    }

    @Test func newlinesInTextCannotBreakFraming() {
        #expect(wire(ControlReply(.ok, "a\r\n250 OK\nb")) == "250 a 250 OK b\r\n")
        #expect(wire(ControlEvent(.notice, "line\r\n650 FAKE").reply) == "650 NOTICE line 650 FAKE\r\n")
    }
}
