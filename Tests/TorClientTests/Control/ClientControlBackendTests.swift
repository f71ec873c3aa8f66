import ControlPort
import NIOPosix
import TorClient
import TorCore
import Testing

/// The backend over a fake client, through a real ControlPortListener, driven by our control
/// client: every GETINFO key, GETCONF/SETCONF/RESETCONF/SAVECONF, every signal, events.
@Suite(.timeLimit(.minutes(1))) struct ClientControlBackendTests {
    func connect(_ server: ControlBackendServer) async throws -> ControlClient {
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        return client
    }

    @Test func everyInfoKey() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        let keys: [String] = [
            "version", "uptime", "status/bootstrap-phase", "status/circuit-established", "circuit-status", "stream-status",
            "net/listeners/socks", "config-file", "traffic/read", "traffic/written", "resilience/breakers", "torrc/status",
        ]
        let values = try await client.getInfo(keys)
        #expect(values == [
            "version": "0.4.9.11 (torswift-0.1.0-dev)",
            "uptime": "3723",
            "status/bootstrap-phase": "NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY=\"Loading relay descriptors\"",
            "status/circuit-established": "1",
            "circuit-status": """
                1 BUILT $AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~guard1,$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB~middle1,$CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC~exit1 BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=2026-11-23T04:00:00.000000
                2 LAUNCHED BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=2026-11-23T04:00:01.000000
                """,
            "stream-status": "5 SUCCEEDED 1 example.com:443",
            "net/listeners/socks": "\"127.0.0.1:9050\"",
            "config-file": "/etc/tor/torrc",
            "traffic/read": "2048",
            "traffic/written": "1572864",
            "resilience/breakers": "guard-fetch closed FAILURES=0\nexit1 open FAILURES=5",
            "torrc/status": "accepted",
        ])
        server.client.state.withLockedValue { $0.circuits = []; $0.streams = [] }
        #expect(try await client.getInfo(["status/circuit-established", "stream-status"]) == ["status/circuit-established": "0", "stream-status": ""])
        await client.close()
        await server.stop()
    }

    @Test func configurationGetSetResetSave() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        #expect(try await client.call("GETCONF maxcircuitdirtiness ExitNodes").lines.map(\.text) == ["MaxCircuitDirtiness=600", "ExitNodes"])
        try await client.call("SETCONF MaxCircuitDirtiness=300")
        #expect(try await client.call("GETCONF MaxCircuitDirtiness").lines.map(\.text) == ["MaxCircuitDirtiness=300"])
        let unknown = try await client.send("SETCONF NoSuchOption=1")
        #expect(unknown.status == .unrecognizedEntity && unknown.message == "Unknown option \"NoSuchOption\"")
        let invalid = try await client.send("SETCONF MaxCircuitDirtiness=soon")
        #expect(invalid.status == .invalidConfigValue)
        // All or nothing: the bad value left the good one of the same command unapplied.
        #expect(try await client.send("SETCONF SocksPort=9999 MaxCircuitDirtiness=x").status == .invalidConfigValue)
        #expect(try await client.call("GETCONF SocksPort").lines.map(\.text) == ["SocksPort=127.0.0.1:9050"])
        try await client.call("RESETCONF MaxCircuitDirtiness")
        #expect(try await client.call("GETCONF MaxCircuitDirtiness").lines.map(\.text) == ["MaxCircuitDirtiness"])
        #expect(try await client.send("GETCONF Nope").status == .unrecognizedEntity)
        try await client.call("SAVECONF FORCE")
        #expect(server.client.state.withLockedValue { $0.saves } == [true])
        await client.close()
        await server.stop()
    }

    @Test func signalsReachTheClient() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        for signal in ["RELOAD", "HUP", "NEWNYM", "SHUTDOWN", "INT", "HALT", "TERM"] {
            try await client.call("SIGNAL " + signal)
        }
        let state = server.client.state.withLockedValue { $0 }
        #expect(state.reloads == 2 && state.newIdentities == 1 && state.shutdowns == [false, false, true, true])
        try await client.call("SIGNAL DUMP")
        #expect(server.client.state.withLockedValue { $0.handledSignals } == [.dump])
        await client.close()
        await server.stop()
    }

    @Test func publishedEventsReachASubscriber() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        try await client.call("SETEVENTS CIRC STREAM BW STATUS_CLIENT NOTICE WARN INFO")
        let circuit = server.client.state.withLockedValue { $0.circuits[0] }
        server.events.circuitChanged(circuit)
        server.events.streamChanged(ControlledStream(id: "5", status: "CLOSED", circuitID: "1", targetHost: "example.com", targetPort: 443, reason: "DONE"))
        server.events.bandwidth(read: 100, written: 200)
        server.events.bootstrapped(ControlledBootstrapStatus(progress: 100, tag: "done", summary: "Done"))
        server.events.circuitEstablished()
        server.events.log(.debug, "never sent")
        server.events.log(.info, "an info line")
        server.events.log(.notice, "a notice")
        server.events.log(.warn, "a warning")
        var received: [String] = []
        for await event in client.events {
            received.append(event.kind.rawValue + " " + event.body)
            if received.count == 8 { break }
        }
        #expect(received == [
            "CIRC " + ControlStatusFormatter.circuit(circuit),
            "STREAM 5 CLOSED 1 example.com:443 REASON=DONE",
            "BW 100 200",
            "STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"",
            "STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED",
            "INFO an info line",
            "NOTICE a notice",
            "WARN a warning",
        ])
        await client.close()
        await server.stop()
    }
}
