import ControlPort
import Foundation
import Logging
import NIOCore
import NIOPosix
import TorCore
import Testing

/// Our control client against our real ControlPortListener on loopback, with the recording
/// backend: every authentication method, replies, errors, events, and the failure paths.
@Suite(.timeLimit(.minutes(1))) struct ControlClientTests {
    static let passwordHash = StemInteropTests.passwordHash
    static let password = StemInteropTests.password

    /// A listener with the given policy, its port, and a cleanup.
    struct Server {
        let listener: ControlPortListener
        let port: Int
        let backend: RecordingBackend
        let directory: String
        func close() async {
            await listener.close()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static func server(cookie: Bool, password: Bool) async throws -> Server {
        let directory = NSTemporaryDirectory() + "control-client-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = TorConfiguration.defaults(homeDirectory: directory)
        configuration.cookieAuthentication = cookie
        configuration.cookieAuthFile = directory + "/" + ControlCookie.defaultFileName
        configuration.hashedControlPasswords = password ? [try #require(HashedControlPassword(passwordHash))] : []
        let backend = RecordingBackend()
        let listener = try await ControlPortListener.bind(
            endpoints: [ListenEndpoint(address: "127.0.0.1", port: .automatic)], group: MultiThreadedEventLoopGroup.singleton,
            policy: try ControlAuthenticationPolicy.make(for: configuration), torVersion: "0.4.9.11",
            backend: backend, logger: Logger(label: "control-client-test"))
        return Server(listener: listener, port: try #require(listener.localAddresses.first?.port), backend: backend, directory: directory)
    }

    static func connect(_ server: Server) async throws -> ControlClient {
        try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
    }

    /// A reply whose lines are cut across socket reads arrives whole (a line split between two
    /// reads once lost its first part).
    @Test func largeReplyAcrossManyReadsArrivesWhole() async throws {
        let server = try await Self.server(cookie: true, password: false)
        let client = try await Self.connect(server)
        try await client.authenticate(ControlCredentials())
        for _ in 0..<3 {
            #expect(try await client.getInfo(["config-text"]) == ["config-text": RecordingBackend.largeText])
        }
        await client.close()
        await server.close()
    }

    @Test func safeCookieFromProtocolInfoThenGetInfo() async throws {
        let server = try await Self.server(cookie: true, password: false)
        let client = try await Self.connect(server)
        let info = try await client.authenticate(ControlCredentials())
        #expect(info.methods == ["COOKIE", "SAFECOOKIE"])
        let values = try await client.getInfo(["version", "circuit-status", "traffic/read"])
        #expect(values == [
            "version": "0.4.9.11 (git-swift)", "traffic/read": "1234",
            "circuit-status": "1 BUILT $AAAA~a,$BBBB~b PURPOSE=GENERAL\n2 LAUNCHED PURPOSE=GENERAL",
        ])
        await client.close()
        await server.close()
    }

    @Test func passwordWhenTheCookieIsNotReadable() async throws {
        let server = try await Self.server(cookie: true, password: true)
        let client = try await Self.connect(server)
        try await client.authenticate(ControlCredentials(cookieFile: server.directory + "/missing", password: Self.password))
        let reply = try await client.call("GETCONF SocksPort")
        #expect(reply.lines.map(\.text) == ["SocksPort=9050"])
        await client.close()
        await server.close()
    }

    @Test func nullAuthentication() async throws {
        let server = try await Self.server(cookie: false, password: false)
        let client = try await Self.connect(server)
        let info = try await client.authenticate(ControlCredentials())
        #expect(info.methods == ["NULL"])
        try await client.call("SIGNAL NEWNYM")
        #expect(server.backend.log.withLockedValue { $0.signals } == [.newIdentity])
        await client.close()
        await server.close()
    }

    @Test func wrongPasswordIsRefused() async throws {
        let server = try await Self.server(cookie: false, password: true)
        let client = try await Self.connect(server)
        do {
            try await client.authenticate(ControlCredentials(password: "wrong"))
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.code == .authenticationRefused)
        }
        await client.close()
        await server.close()
    }

    @Test func errorRepliesAreReturnedAndCallThrowsCommandRefused() async throws {
        let server = try await Self.server(cookie: false, password: false)
        let client = try await Self.connect(server)
        try await client.authenticate(ControlCredentials())
        let reply = try await client.send("GETINFO no-such-key")
        #expect(reply.status == .unrecognizedEntity)
        do {
            try await client.call("SETCONF SocksPort=notaport")
            Issue.record("a bad value was accepted")
        } catch {
            #expect(error.code == .commandRefused && error.reason.hasPrefix("553 "))
        }
        await client.close()
        await server.close()
    }

    @Test func eventsArriveOnTheStreamInOrder() async throws {
        let server = try await Self.server(cookie: false, password: false)
        let client = try await Self.connect(server)
        try await client.authenticate(ControlCredentials())
        try await client.call("SETEVENTS CIRC BW")
        server.listener.events.publish(ControlEvent(.circuit, "1 LAUNCHED PURPOSE=GENERAL"))
        server.listener.events.publish(ControlEvent(.notice, "not subscribed"))
        server.listener.events.publish(ControlEvent(.bandwidth, "10 20"))
        var iterator = client.events.makeAsyncIterator()
        #expect(await iterator.next() == ControlEvent(.circuit, "1 LAUNCHED PURPOSE=GENERAL"))
        #expect(await iterator.next() == ControlEvent(.bandwidth, "10 20"))
        // A command still gets its reply while events flow.
        #expect(try await client.getInfo(["traffic/written"]) == ["traffic/written": "5678"])
        await client.close()
        #expect(await iterator.next() == nil)
        await server.close()
    }

    @Test func refusedConnectionIsNotRunning() async throws {
        let server = try await Self.server(cookie: false, password: false)
        let port = server.port
        await server.close()
        do {
            _ = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.code == .notRunning)
        }
    }

    /// A TCP server that accepts and never answers: the reply timeout fires and closes.
    @Test func silentServerTimesOut() async throws {
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(silent.localAddress?.port)
        let client = try await ControlClient.connect(host: "127.0.0.1", port: port, group: MultiThreadedEventLoopGroup.singleton)
        do {
            _ = try await client.send("PROTOCOLINFO 1", timeout: .milliseconds(200))
            Issue.record("got a reply from a silent server")
        } catch {
            #expect(error.code == .timedOut)
        }
        do {
            _ = try await client.send("PROTOCOLINFO 1", timeout: .seconds(5))
            Issue.record("the connection stayed usable after a timeout")
        } catch {
            #expect(error.code == .timedOut || error.code == .connectionClosed)
        }
        try await silent.close()
    }
}
