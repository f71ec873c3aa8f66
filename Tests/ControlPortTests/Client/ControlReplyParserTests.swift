import ControlPort
import NIOCore
import Testing

/// The controller-side reply parser over exact server bytes (control-spec §2.3, §4.1), each
/// fed whole and one byte at a time.
@Suite struct ControlReplyParserTests {
    /// Every reply `bytes` yields, feeding `chunk` bytes at a time.
    func parseAll(_ bytes: String, chunk: Int) throws -> [ControlServerReply] {
        var parser = ControlReplyParser()
        var buffer = ByteBuffer()
        var replies: [ControlServerReply] = []
        let all = Array(bytes.utf8)
        var offset = 0
        while offset < all.count {
            buffer.writeBytes(all[offset..<min(all.count, offset + chunk)])
            offset += chunk
            while let reply = try parser.parse(&buffer) { replies.append(reply) }
        }
        #expect(buffer.readableBytes == 0)
        return replies
    }

    func both(_ bytes: String) throws -> [ControlServerReply] {
        let whole = try parseAll(bytes, chunk: bytes.utf8.count)
        let dripped = try parseAll(bytes, chunk: 1)
        #expect(whole == dripped)
        return dripped
    }

    @Test func singleLineOK() throws {
        let replies = try both("250 OK\r\n")
        #expect(replies == [ControlServerReply(lines: [.init(status: .ok, text: "OK")])])
        #expect(replies[0].isSuccess && !replies[0].isEvent && replies[0].message == "OK")
    }

    @Test func getInfoWithMidAndDataLines() throws {
        let bytes = "250-version=0.4.9.11\r\n250+circuit-status=\r\n1 BUILT $AA~a PURPOSE=GENERAL\r\n..dotted\r\n.\r\n250 OK\r\n"
        let replies = try both(bytes)
        #expect(replies.count == 1)
        #expect(replies[0].lines == [
            .init(status: .ok, text: "version=0.4.9.11"),
            .init(status: .ok, text: "circuit-status=", data: "1 BUILT $AA~a PURPOSE=GENERAL\n.dotted"),
            .init(status: .ok, text: "OK"),
        ])
        let values = Dictionary(uniqueKeysWithValues: replies[0].keyedValues.map { ($0.key, $0.value) })
        #expect(values == ["version": "0.4.9.11", "circuit-status": "1 BUILT $AA~a PURPOSE=GENERAL\n.dotted"])
    }

    @Test func emptyDataBlock() throws {
        let replies = try both("250+stream-status=\r\n.\r\n250 OK\r\n")
        #expect(replies[0].lines[0].data == "")
    }

    @Test func eventBetweenReplies() throws {
        let replies = try both("650 CIRC 1 BUILT $AA~a PURPOSE=GENERAL\r\n552 Unrecognized key \"x\"\r\n")
        #expect(replies.count == 2)
        #expect(replies[0].event == ControlEvent(.circuit, "1 BUILT $AA~a PURPOSE=GENERAL"))
        #expect(replies[1].status == .unrecognizedEntity && !replies[1].isSuccess && replies[1].event == nil)
        #expect(replies[1].message == "Unrecognized key \"x\"")
    }

    @Test func multiLineLogEvent() throws {
        let replies = try both("650+NOTICE\r\nfirst line\r\nsecond line\r\n.\r\n650 OK\r\n")
        #expect(replies[0].event == ControlEvent(.notice, "first line\nsecond line"))
    }

    /// C tor's CONF_CHANGED (control-spec §4.1.18) spans mid lines and ends in `650 OK`.
    @Test func multiLineConfChangedEvent() throws {
        let replies = try both("650-CONF_CHANGED\r\n650-MaxCircuitDirtiness=400\r\n650-ExitNodes\r\n650 OK\r\n")
        #expect(replies[0].event == ControlEvent(ControlEventKind("CONF_CHANGED"), "MaxCircuitDirtiness=400\nExitNodes"))
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let replies = try both("250-a=1\n250 OK\n")
        #expect(replies[0].lines.map(\.text) == ["a=1", "OK"])
    }

    @Test(arguments: ["25 OK\r\n", "2x0 OK\r\n", "250*OK\r\n", "250\r\n", "OK\r\n", "\r\n"])
    func malformedLineThrows(_ bytes: String) {
        var parser = ControlReplyParser()
        var buffer = ByteBuffer(string: bytes)
        #expect(throws: ControlPortError.self) { _ = try parser.parse(&buffer) }
        do {
            var again = ControlReplyParser()
            var copy = ByteBuffer(string: bytes)
            _ = try again.parse(&copy)
        } catch {
            #expect(error.code == .replyMalformed)
        }
    }

    @Test func overlongReplyThrowsInsteadOfBuffering() {
        var parser = ControlReplyParser()
        var buffer = ByteBuffer(repeating: UInt8(ascii: "a"), count: ControlReplyParser.maximumReplyLength + 1)
        do {
            _ = try parser.parse(&buffer)
            Issue.record("an over-long reply was accepted")
        } catch {
            #expect(error.code == .replyTooLong)
        }
    }

    @Test func incompleteReplyWaits() throws {
        var parser = ControlReplyParser()
        var buffer = ByteBuffer(string: "250-version=1\r\n250+x=\r\nbody\r\n")
        #expect(try parser.parse(&buffer) == nil)
        buffer.writeString(".\r\n250 OK\r\n")
        #expect(try parser.parse(&buffer)?.lines.count == 3)
    }
}
