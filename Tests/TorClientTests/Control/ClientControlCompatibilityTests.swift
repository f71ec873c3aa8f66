import ControlPort
import Foundation
import NIOPosix
import TorClient
import TorCore
import Testing

/// The keys, options, signals and commands stem and nyx use, through a real listener over the
/// fake client; expected values and codes are what a tor 0.4.9.11 client answered.
@Suite(.timeLimit(.minutes(1))) struct ClientControlCompatibilityTests {
    func connect(_ server: ControlBackendServer) async throws -> ControlClient {
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        return client
    }

    @Test func processListenersAndStatusKeys() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        let values = try await client.getInfo([
            "process/pid", "process/uid", "process/descriptor-limit", "net/listeners/control", "dormant",
            "network-liveness", "orconn-status", "entry-guards", "accounting/enabled", "status/clients-seen",
            "status/reachability-succeeded", "ip-to-country/ipv4-available", "config-text",
        ])
        #expect(values["process/pid"] == String(getpid()))
        #expect(values["process/uid"] == String(getuid()))
        #expect(Int(values["process/descriptor-limit"] ?? "") ?? 0 > 0)
        #expect(values["net/listeners/control"] == "\"127.0.0.1:9051\"")
        #expect(values["dormant"] == "0")
        #expect(values["network-liveness"] == "up")
        #expect(values["orconn-status"] == "$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~guard1 CONNECTED")
        #expect(values["entry-guards"] == """
            $AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~guard1 up
            $DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD~guard2 never-connected
            """)
        #expect(values["accounting/enabled"] == "0")
        #expect(values["status/clients-seen"] == "TimeStarted=\"1970-01-01 00:00:00\" CountrySummary= IPVersions=")
        #expect(values["status/reachability-succeeded"] == "OR=1 DIR=1")
        #expect(values["ip-to-country/ipv4-available"] == "0")
        #expect(values["config-text"] == "SocksPort 127.0.0.1:9050\nMaxCircuitDirtiness 600")
        #expect(!(try await client.getInfo(["process/user"]))["process/user", default: ""].isEmpty)
        await client.close()
        await server.stop()
    }

    @Test func nameListsAreExactlyWhatThisClientSupports() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        let values = try await client.getInfo(["events/names", "signal/names", "features/names", "info/names", "config/names"])
        // C tor 0.4.9.11's events/names, word for word.
        #expect(values["events/names"] == """
            CIRC CIRC_MINOR STREAM ORCONN BW DEBUG INFO NOTICE WARN ERR NEWDESC ADDRMAP DESCCHANGED NS STATUS_GENERAL \
            STATUS_CLIENT STATUS_SERVER GUARD STREAM_BW CLIENTS_SEEN NEWCONSENSUS BUILDTIMEOUT_SET SIGNAL CONF_CHANGED \
            CONN_BW CELL_STATS CIRC_BW TRANSPORT_LAUNCHED HS_DESC HS_DESC_CONTENT NETWORK_LIVENESS
            """)
        // C tor's list without DORMANT, which this client has no mode for.
        #expect(values["signal/names"] == "RELOAD HUP SHUTDOWN DUMP USR1 DEBUG USR2 HALT TERM INT NEWNYM CLEARDNSCACHE HEARTBEAT ACTIVE")
        #expect(values["features/names"] == "VERBOSE_NAMES EXTENDED_EVENTS")
        let infoKeys = (values["info/names"] ?? "").split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(infoKeys.count == ControlInfoCatalog.entries.count)
        for key in infoKeys where !key.hasSuffix("*") {
            // Every listed key is answered (a value or the error C tor gives a client), never "unrecognized key".
            let reply = try await client.send("GETINFO " + key)
            #expect(reply.status == .ok || !(reply.lines.last?.text.hasPrefix("Unrecognized key") ?? true), "\(key): \(reply)")
        }
        let options = (values["config/names"] ?? "").split(separator: "\n")
        #expect(options.contains("SocksPort LineList") && options.contains("__OwningControllerProcess String"))
        await client.close()
        await server.stop()
    }

    @Test func keysCTorRefusesAClientGetTheSameCodes() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        let expected: [(String, ControlStatus)] = [
            ("address", .internalError), ("fingerprint", .internalError), ("exit-policy/full", .unrecognizedEntity),
            ("ip-to-country/1.2.3.4", .internalError), ("config-defaults", .unrecognizedEntity),
            ("limits/max-mem-in-queues", .internalError), ("no/such/key", .unrecognizedEntity),
        ]
        for (key, status) in expected {
            let reply = try await client.send("GETINFO " + key)
            #expect(reply.status == status, "\(key): \(reply)")
        }
        #expect(try await client.send("GETINFO address").message.hasPrefix("Address unknown"))
        #expect(try await client.send("GETINFO fingerprint").message.hasPrefix("Not running in server mode"))
        #expect(try await client.send("GETINFO ip-to-country/1.2.3.4").message.hasPrefix("GeoIP data not loaded"))
        await client.close()
        await server.stop()
    }

    @Test func unimplementedCTorOptionsAnswerTheirDefault() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        let reply = try await client.call(
            "GETCONF HSLayer2Nodes SafeSocks UseBridges Bridge DisableNetwork ClientOnly ORPort ControlListenAddress exitpolicy")
        #expect(reply.lines.map(\.text) == [
            "HSLayer2Nodes=", "SafeSocks=0", "UseBridges=0", "Bridge", "DisableNetwork=0", "ClientOnly=0", "ORPort",
            "ControlListenAddress", "ExitPolicy",
        ])
        // Setting the default or resetting changes nothing and is accepted; any other value is refused.
        try await client.call("SETCONF SafeSocks=0 HSLayer2Nodes=")
        try await client.call("RESETCONF SafeSocks UseBridges")
        let refused = try await client.send("SETCONF SafeSocks=1")
        #expect(refused.status == .unrecognizedEntity && refused.message.contains("not supported by this client"))
        // All or nothing: the supported change in the same command is not applied.
        #expect(try await client.send("SETCONF MaxCircuitDirtiness=300 UseBridges=1").status == .unrecognizedEntity)
        #expect(try await client.call("GETCONF MaxCircuitDirtiness").lines.map(\.text) == ["MaxCircuitDirtiness=600"])
        #expect(try await client.send("GETCONF NoSuchOption").status == .unrecognizedEntity)
        await client.close()
        await server.stop()
    }

    @Test func signalsTheClientHandles() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        for signal in ["HEARTBEAT", "DUMP", "USR1", "DEBUG", "USR2", "CLEARDNSCACHE", "ACTIVE"] {
            try await client.call("SIGNAL " + signal)
        }
        #expect(server.client.state.withLockedValue { $0.handledSignals } == [
            .heartbeat, .dump, .user1, .debug, .user2, .clearDNSCache, .active,
        ])
        #expect(try await client.send("SIGNAL DORMANT").status == .unrecognizedEntity)
        await client.close()
        await server.stop()
    }

    @Test func circuitStreamAndFeatureCommands() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        #expect(try await client.call("EXTENDCIRCUIT 0").message == "EXTENDED 1000000")
        #expect(try await client.call("EXTENDCIRCUIT 0 purpose=general").message == "EXTENDED 1000000")
        #expect(try await client.send("EXTENDCIRCUIT 0 purpose=foo").message == "Unknown purpose \"foo\"")
        #expect(try await client.send("EXTENDCIRCUIT 5").status == .unrecognizedEntity)
        #expect(try await client.send("EXTENDCIRCUIT").status == .argumentSyntaxError)
        try await client.call("CLOSECIRCUIT 2")
        #expect(try await client.send("CLOSECIRCUIT 2").message == "Unknown circuit \"2\"")
        #expect(try await client.send("CLOSESTREAM 5").status == .argumentSyntaxError)
        #expect(try await client.send("ATTACHSTREAM 5 1").status == .unmanagedEntity)
        #expect(try await client.send("MAPADDRESS 1.2.3.4=example.com").status == .unrecognizedEntity)
        try await client.call("RESOLVE example.com")
        try await client.call("USEFEATURE VERBOSE_NAMES EXTENDED_EVENTS")
        #expect(try await client.send("USEFEATURE FOO").message == "Unrecognized feature \"FOO\"")
        let commands = server.client.state.withLockedValue { $0.commands }
        #expect(commands.first == .extendCircuit(circuitID: "0", path: [], purpose: nil))
        #expect(commands.contains(.closeCircuit(circuitID: "2", ifUnused: false)))
        #expect(commands.contains(.resolve(names: ["example.com"], reverse: false)))
        await client.close()
        await server.stop()
    }

    @Test func takeOwnershipEndsTheClientWhenItsConnectionCloses() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await connect(server)
        try await client.call("TAKEOWNERSHIP")
        #expect(server.client.state.withLockedValue { $0.ownerDisconnections } == 0)
        await client.close()
        let deadline = ContinuousClock.now + .seconds(10)
        while server.client.state.withLockedValue({ $0.ownerDisconnections }) == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.client.state.withLockedValue { $0.ownerDisconnections } == 1)
        await server.stop()
    }
}
