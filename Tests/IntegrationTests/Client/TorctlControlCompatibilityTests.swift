import Foundation
import Testing

/// What stem (and nyx through it) asks a C tor 0.4.9 client, against the running client on the
/// private network: network statuses, microdescriptors, listeners, the GETINFO keys and
/// options C tor answers, ORCONN/CONF_CHANGED/SIGNAL/CIRC events, new_circuit and
/// close_circuit, and __OwningControllerProcess.
@Suite(.serialized, .timeLimit(.minutes(8)))
struct TorctlControlCompatibilityTests {
    @Test func stemGetsWhatACTorClientGives() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let result = try await TorctlControlTests.probe(["compat", "\(client.controlPort)", client.socksAddress, "-"])

        let statuses = result["network_statuses"] as? [[Any]] ?? []
        #expect(statuses.count == network.relays.count, "every relay of the consensus: \(statuses)")
        #expect(statuses.contains { ($0[2] as? [String])?.contains("Exit") == true })
        #expect(result["microdescriptors"] as? Int == network.relays.count)
        #expect(result["control_listeners"] as? [[AnyHashable]] == [["127.0.0.1", client.controlPort]])

        let info = result["info"] as? [String: String] ?? [:]
        #expect(info["process/pid"] == "\(client.process.processIdentifier)")
        #expect(info["status/enough-dir-info"] == "1")
        #expect(info["dormant"] == "0" && info["network-liveness"] == "up" && info["accounting/enabled"] == "0")
        #expect(info["orconn-status"]?.contains(" CONNECTED") == true, "\(info)")
        #expect(info["entry-guards"]?.contains(" up") == true, "\(info)")
        #expect(info["events/names"]?.contains("ORCONN") == true && info["signal/names"]?.contains("HEARTBEAT") == true)
        #expect(info["config-text"]?.contains("SocksPort 127.0.0.1:\(client.socksPort)") == true)
        let errors = result["errors"] as? [String: String] ?? [:]
        #expect(errors["address"]?.contains("Address unknown") == true, "\(errors)")
        #expect(errors["fingerprint"]?.contains("Not running in server mode") == true, "\(errors)")
        // stem asks ip-to-country/ipv4-available first and, as with a C tor client without
        // GeoIP data, refuses on its own.
        #expect(errors["ip-to-country/127.0.0.1"]?.contains("geoip database is unavailable") == true, "\(errors)")
        let conf = result["conf"] as? [String: String] ?? [:]
        #expect(conf["StrictNodes"] == "0" && conf["UseBridges"] == "0", "\(conf)")

        #expect(result["conf_changed"] as? [String: [String]] == ["MaxCircuitDirtiness": ["700 seconds"]], "\(result)")
        #expect(result["signal_event"] as? String == "HEARTBEAT")
        #expect(result["new_circuit_status"] as? String == "BUILT", "\(result)")
        if let path = result["explicit_path"] as? [String] {
            #expect(result["new_circuit_path"] as? [String] == path, "EXTENDCIRCUIT took the path it was given")
            // Its first hop had no channel yet: the client opened one and said so.
            #expect((result["orconn"] as? [String] ?? []).contains("CONNECTED"), "\(result)")
            #expect((result["orconn_named"] as? [String] ?? []).contains(path[0]), "\(result)")
        }
        #expect(result["in_circuit_status"] as? Bool == true)
        #expect(result["closed_status"] as? String == "CLOSED")
        #expect(client.output.contains("Heartbeat: up "), "SIGNAL HEARTBEAT logged a heartbeat")
        // RESOLVE: an address answers itself at once; a name goes to an exit (RELAY_RESOLVE)
        // and its answer, here the exit's refusal, comes back as an ADDRMAP event.
        #expect(result["resolved"] as? [String] == ["127.0.0.1", "127.0.0.1"], "\(result)")
        let named = result["resolved_name"] as? [Any]
        #expect(named?.first as? String == "nowhere.invalid" && named?.last is NSNull, "\(result)")
    }

    @Test func clientExitsSoonAfterItsOwningControllerProcess() async throws {
        let network = try await TestNetwork.shared()
        let owner = Process()
        owner.executableURL = URL(fileURLWithPath: "/bin/sleep")
        owner.arguments = ["4"]
        try owner.run()
        let client = try TorctlProcess(network: network, extra: "__OwningControllerProcess \(owner.processIdentifier)")
        defer {
            if owner.isRunning { owner.terminate() }
            client.cleanUp()
        }
        try await client.waitForLine(containing: "Opened Control listener")
        #expect(client.process.isRunning, "the owner still runs, so does the client")
        owner.waitUntilExit()
        try await client.waitForLine(containing: "Owning controller process \(owner.processIdentifier) has exited", timeout: .seconds(15))
        let deadline = ContinuousClock.now + .seconds(20)
        while client.process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!client.process.isRunning, "torctl exited after its owner")
        #expect(client.process.terminationStatus == 0, "a clean shutdown")
    }
}
