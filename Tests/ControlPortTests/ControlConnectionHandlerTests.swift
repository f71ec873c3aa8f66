import ControlPort
import Logging
import NIOCore
import NIOEmbedded
import Testing

@Suite(.timeLimit(.minutes(1))) struct ControlConnectionHandlerTests {
    typealias Data = ControlTestData

    func makeChannel(events: ControlEventHub = ControlEventHub()) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext {
            let handler = ControlConnectionHandler(
                session: Data.session(), backend: RecordingBackend(), events: events, logger: Logger(label: "test"))
            try channel.pipeline.syncOperations.addHandler(handler)
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1))
        return channel
    }

    /// Awaits outbound writes until `count` CRLF-terminated lines arrived (the suite's time
    /// limit bounds the wait).
    func readLines(_ channel: NIOAsyncTestingChannel, count: Int) async throws -> String {
        var text = ""
        while text.components(separatedBy: "\r\n").count <= count {
            text += String(buffer: try await channel.waitForOutboundWrite(as: ByteBuffer.self))
        }
        return text
    }

    @Test func authenticateThenGetInfoThroughBackend() async throws {
        let channel = try await makeChannel()
        try await channel.writeInbound(ByteBuffer(string: "AUTHENTICATE \(Data.hex(Data.cookie))\r\nGETINFO version\r\nQUIT\r\n"))
        let text = try await readLines(channel, count: 4)
        #expect(text == "250 OK\r\n250-version=0.4.9.11 (git-swift)\r\n250 OK\r\n250 closing connection\r\n")
    }

    @Test func badAuthenticationClosesTheConnection() async throws {
        let channel = try await makeChannel()
        try await channel.writeInbound(ByteBuffer(string: "AUTHENTICATE 00\r\nGETINFO version\r\n"))
        let text = try await readLines(channel, count: 1)
        #expect(text.hasPrefix("515 Authentication failed"))
        try await channel.closeFuture.get()
        #expect(!channel.isActive)
    }

    @Test func commandBeforeAuthenticationIs514AndCloses() async throws {
        let channel = try await makeChannel()
        try await channel.writeInbound(ByteBuffer(string: "GETINFO version\r\n"))
        #expect(try await readLines(channel, count: 1) == "514 Authentication required.\r\n")
        try await channel.closeFuture.get()
    }

    @Test func subscribedEventsAreDeliveredOthersNot() async throws {
        let hub = ControlEventHub()
        let channel = try await makeChannel(events: hub)
        hub.publish(ControlEvent(.bandwidth, "1 1"))  // not yet authenticated: dropped
        try await channel.writeInbound(ByteBuffer(string: "AUTHENTICATE \(Data.hex(Data.cookie))\r\nSETEVENTS BW\r\n"))
        #expect(try await readLines(channel, count: 2) == "250 OK\r\n250 OK\r\n")
        hub.publish(ControlEvent(.circuit, "1 BUILT"))  // not subscribed: dropped
        hub.publish(ControlEvent(.bandwidth, "10 20"))
        #expect(try await readLines(channel, count: 1) == "650 BW 10 20\r\n")
    }

    @Test func slowControllerIsClosedWhenEventsPileUp() async throws {
        let hub = ControlEventHub()
        let channel = try await makeChannel(events: hub)
        try await channel.writeInbound(ByteBuffer(string: "AUTHENTICATE \(Data.hex(Data.cookie))\r\nSETEVENTS BW\r\n"))
        _ = try await readLines(channel, count: 2)
        // An unwritable socket is what a controller that stopped reading looks like.
        channel.isWritable = false
        for index in 0...ControlLimits.maximumQueuedEvents { hub.publish(ControlEvent(.bandwidth, "\(index) 0")) }
        try await channel.closeFuture.get()
        #expect(!channel.isActive)
    }

    @Test func queuedEventsFlowWhenWritableAgain() async throws {
        let hub = ControlEventHub()
        let channel = try await makeChannel(events: hub)
        try await channel.writeInbound(ByteBuffer(string: "AUTHENTICATE \(Data.hex(Data.cookie))\r\nSETEVENTS BW\r\n"))
        _ = try await readLines(channel, count: 2)
        channel.isWritable = false
        hub.publish(ControlEvent(.bandwidth, "1 2"))
        try await channel.testingEventLoop.executeInContext {}
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try await readLines(channel, count: 1) == "650 BW 1 2\r\n")
    }

    @Test func malformedLinesGetErrorsAndTheSessionGoesOn() async throws {
        let channel = try await makeChannel()
        try await channel.writeInbound(ByteBuffer(string: "\r\nbad/keyword x\r\nAUTHENTICATE \"unterminated\r\nPROTOCOLINFO\r\n"))
        let text = try await readLines(channel, count: 7)
        #expect(text.hasPrefix("510 Unrecognized command \"\"\r\n510 Unrecognized command \"bad/keyword\"\r\n512 "))
        #expect(text.hasSuffix("250 OK\r\n"))
        #expect(channel.isActive)
    }

    @Test func overlongLineCloses() async throws {
        let channel = try await makeChannel()
        try await channel.writeInbound(ByteBuffer(repeating: UInt8(ascii: "A"), count: ControlLimits.maximumLineLength + 10))
        #expect(try await readLines(channel, count: 1).hasPrefix("500 Protocol error"))
        try await channel.closeFuture.get()
    }
}
