import ControlPort
import Logging
import NIOPosix
import TorClient
import TorCore
import Testing

/// Log lines reach a controller subscribed to INFO/NOTICE/WARN/ERR once the forwarder is attached.
@Suite(.timeLimit(.minutes(1))) struct ControlLogForwarderTests {
    @Test func forwardsOnlyWhileAttachedAndNeverDebug() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        try await client.call("SETEVENTS DEBUG INFO NOTICE WARN ERR")
        let forwarder = ControlLogForwarder()
        var logger = Logger(label: "test", factory: forwarder.makeHandler)
        logger.logLevel = .trace
        logger.notice("before attach")
        forwarder.attach(server.events)
        logger.debug("a debug line")
        logger.info("an info line")
        logger.notice("a notice")
        logger.warning("a warning")
        logger.error("an error")
        forwarder.detach()
        logger.error("after detach")
        forwarder.attach(server.events)
        logger.notice("the end")
        var received: [String] = []
        for await event in client.events {
            received.append(event.kind.rawValue + " " + event.body)
            if received.count == 5 { break }
        }
        #expect(received == ["INFO an info line", "NOTICE a notice", "WARN a warning", "ERR an error", "NOTICE the end"])
        await client.close()
        await server.stop()
    }
}
