import Foundation
import Testing

/// Issue 7's acceptance against the running client: stem over the control port, every torctl
/// management subcommand, and hostile input that must not disturb the client.
@Suite(.serialized, .timeLimit(.minutes(8)))
struct TorctlControlTests {
    static let probeScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/control_probe.py").path

    static func probe(_ arguments: [String]) async throws -> [String: Any] {
        let output = try await OffThread.run {
            try SocksClientProcess.run("/usr/bin/python3", [probeScript] + arguments, timeout: .seconds(240))
        }
        guard output.status == 0, let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        else { throw TestNetworkError("control_probe.py failed (\(output.status)): \(output.stderr)") }
        return object
    }

    /// Runs `torctl ARGS -f TORRC` against the client and returns its result.
    static func torctl(_ arguments: [String], _ client: TorctlProcess, timeout: Duration = .seconds(30)) async throws -> SocksClientProcess.Output {
        let all = arguments + ["-f", client.torrcPath]
        return try await OffThread.run {
            try SocksClientProcess.run(TorctlProcess.executable.path, all, timeout: timeout)
        }
    }

    @Test func stemReadsStatusGetsEventsAndNewnymChangesTheCircuit() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let url = "http://\(network.http.address):\(network.http.port)/echo-peer"
        let result = try await Self.probe(["stem", "\(client.controlPort)", client.socksAddress, url])
        #expect(result["bootstrap_phase"] as? String == "NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"")
        let lines = result["circuit_status"] as? [String] ?? []
        #expect(lines.contains { $0.contains(" BUILT $") && $0.contains("PURPOSE=GENERAL") }, "\(lines)")
        #expect(result["first_fetch"] as? Int == 0 && result["second_fetch"] as? Int == 0)
        #expect(result["fetch_after_drop_guards"] as? Int == 0, "\(result)")
        #expect(client.output.contains("Dropped every entry guard at the controller's request"))
        let statuses = result["stream_statuses"] as? [String] ?? []
        #expect(statuses.contains("NEW") && statuses.contains("SUCCEEDED") && statuses.contains("CLOSED"), "\(statuses)")
        let first = result["first_circuit"] as? String
        let second = result["second_circuit"] as? String
        #expect(first != nil && second != nil)
        #expect(first != second, "after NEWNYM the new fetch used a different circuit")
        #expect((result["circ_statuses"] as? [String] ?? []).contains("BUILT"), "CIRC events arrived: \(result)")
    }

    @Test func aWrongPasswordAndGarbageAreRefusedWithoutDisturbingTheClient() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let url = "http://\(network.http.address):\(network.http.port)/small"
        let result = try await Self.probe(["hostile", "\(client.controlPort)", client.socksAddress, url])
        let codes = result["codes"] as? [String] ?? []
        #expect(codes.first == "515", "a wrong password gets 515: \(codes)")
        #expect(codes.dropFirst().allSatisfy { $0.hasPrefix("5") || $0 == "closed" }, "garbage gets errors: \(codes)")
        #expect(result["fetch_after"] as? Int == 0)
        #expect(client.process.isRunning)
        let status = try await Self.torctl(["status"], client)
        #expect(status.status == 0, "\(status.stderr)")
    }

    @Test func closestreamEndsAStreamMidDownloadAndRefusesAnUnknownOne() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let url = "http://\(network.http.address):\(network.http.port)/50M"
        let result = try await Self.probe(["closestream", "\(client.controlPort)", client.socksAddress, url])
        #expect(result["opened"] as? Bool == true, "\(result)")
        #expect(result["still_running_before"] as? Bool == true, "the download was under way: \(result)")
        // curl sees the connection end early: a transfer cut short, not a complete file.
        #expect((result["curl_status"] as? Int).map { $0 != 0 } == true, "\(result)")
        #expect((result["curl_ended_after"] as? Double).map { $0 < 20 } == true, "curl drains what its socket holds first: \(result)")
        #expect(result["stream_closed_event"] as? Bool == true, "\(result)")
        #expect((result["open_streams_after"] as? [String])?.isEmpty == true, "\(result)")
        #expect((result["unknown_stream"] as? String)?.contains("Unknown stream") == true, "\(result)")
        #expect(client.process.isRunning)
    }

    @Test func mapAddressFromTheTorrcAndMapaddressFromStemReachTheMappedTarget() async throws {
        let network = try await TestNetwork.shared()
        let http = network.http
        let client = try TorctlProcess(network: network, extra: "MapAddress from-torrc.test \(http.address)")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let exitPIDs = Set(network.exits.map(\.pid))
        // The exit could not resolve this name: only the mapping makes the fetch work.
        let torrcFetch = try await ClientTools.curl("http://from-torrc.test:\(http.port)/echo-peer", socks: client.socksAddress)
        #expect(torrcFetch.status == 0, "\(torrcFetch.stderr)")
        let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(torrcFetch.stdout.utf8))
        #expect(echo.pid.map(exitPIDs.contains) == true, "the mapped request left through an exit")

        let result = try await Self.probe(["mapaddress", "\(client.controlPort)", client.socksAddress, "http://\(http.address):\(http.port)/"])
        let virtual = try #require(result["virtual_address"] as? String, "\(result)")
        #expect(virtual.hasPrefix("127."), "a virtual address from 127.192.0.0/10: \(virtual)")
        for label in ["virtual", "by_name"] {
            let fetch = result[label] as? [String: Any]
            #expect(fetch?["status"] as? Int == 0, "\(label): \(result)")
            let body = Data(((fetch?["body"] as? String) ?? "").utf8)
            let peer = try? JSONDecoder().decode(ExitEchoPeer.self, from: body)
            #expect(peer?.pid.map(exitPIDs.contains) == true, "\(label) left through an exit: \(result)")
        }
        #expect((result["bad"] as? String)?.contains("invalid address 'bad/name'") == true, "\(result)")
        let control = result["mappings_control"] as? [String] ?? []
        #expect(control.contains("by-name.test \(http.address) NEVER") && control.contains("\(virtual) \(http.address) NEVER"), "\(control)")
        #expect(result["mappings_config"] as? [String] == ["from-torrc.test \(http.address) NEVER"], "\(result)")
        #expect(result["addrmap_event"] as? [String] == ["by-name.test", http.address], "ADDRMAP announced the mapping: \(result)")
    }

    @Test func everyTorctlSubcommandWorksAgainstTheRunningClient() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network, extra: "TorrcPollInterval 1")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let status = try await Self.torctl(["status"], client)
        #expect(status.status == 0 && status.stdout.contains("100%"), "\(status.stdout)\(status.stderr)")
        let json = try await Self.torctl(["status", "--json"], client)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object != nil, "status --json is JSON: \(json.stdout)")
        let circuits = try await Self.torctl(["circuits"], client)
        #expect(circuits.status == 0 && circuits.stdout.contains("BUILT"), "\(circuits.stdout)")
        let streams = try await Self.torctl(["streams", "--json"], client)
        #expect(streams.status == 0, "\(streams.stderr)")
        let newnym = try await Self.torctl(["newnym"], client)
        #expect(newnym.status == 0, "\(newnym.stderr)")
        let set = try await Self.torctl(["config", "set", "CircuitPoolMinSize=3"], client)
        #expect(set.status == 0, "\(set.stdout)\(set.stderr)")
        let get = try await Self.torctl(["config", "get", "CircuitPoolMinSize"], client)
        #expect(get.stdout.contains("3"), "\(get.stdout)\(get.stderr)")
        let reload = try await Self.torctl(["reload"], client)
        #expect(reload.status == 0, "\(reload.stdout)\(reload.stderr)")
        // events follows until interrupted: give it a moment, then time it out.
        let events = try await Self.torctl(["events", "CIRC", "NOTICE"], client, timeout: .seconds(3))
        #expect(!events.stdout.isEmpty || events.status != 0)
        let stop = try await Self.torctl(["stop"], client)
        #expect(stop.status == 0, "\(stop.stderr)")
        let deadline = ContinuousClock.now + .seconds(20)
        while client.process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!client.process.isRunning, "torctl stop ended the client")
        #expect(client.process.terminationStatus == 0)
        let after = try await Self.torctl(["status"], client)
        #expect(after.status == 1 && (after.stdout + after.stderr).contains("torctl run"), "\(after.stdout)\(after.stderr)")
    }
}
