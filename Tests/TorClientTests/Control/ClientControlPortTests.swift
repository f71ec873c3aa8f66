import ControlPort
import Foundation
import Logging
import NIOPosix
import TorClient
import TorCore
import Testing

/// The control port started from a torrc's values: cookie written, listener bound, backend
/// answering, and gone after stop.
@Suite(.timeLimit(.minutes(1))) struct ClientControlPortTests {
    @Test func noControlPortMeansNoListener() async throws {
        let configuration = TorConfiguration.defaults(homeDirectory: NSTemporaryDirectory())
        let port = try await ClientControlPort.start(
            configuration: configuration, client: FakeControlledClient(), group: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "test"))
        #expect(port == nil)
    }

    @Test func startsWithCookieAnswersAndStops() async throws {
        let directory = NSTemporaryDirectory() + "client-control-port-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TorConfiguration.defaults(homeDirectory: directory)
        configuration.controlPorts = [ListenEndpoint(address: "127.0.0.1", port: .automatic)]
        configuration.cookieAuthentication = true
        configuration.cookieAuthFile = directory + "/control_auth_cookie"
        let control = try #require(try await ClientControlPort.start(
            configuration: configuration, client: FakeControlledClient(), group: MultiThreadedEventLoopGroup.singleton,
            logger: Logger(label: "test")))
        let port = try #require(control.listener.localAddresses.first?.port)

        let client = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
        let info = try await client.authenticate(ControlCredentials())
        #expect(info.methods == ["COOKIE", "SAFECOOKIE"] && info.cookieFile == configuration.cookieAuthFile)
        #expect(try await client.getInfo(["version"]) == ["version": "0.4.9.11 (torswift-0.1.0-dev)"])
        await client.close()

        await control.stop()
        do {
            _ = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
            Issue.record("the control port still accepts after stop")
        } catch {
            #expect(error.code == .notRunning)
        }
    }
}
