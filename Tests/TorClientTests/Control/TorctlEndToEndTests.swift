import ControlPort
import Foundation
import TorClient
import TorCore
import Testing

/// Every management subcommand of the built `torctl` binary against a real ControlPortListener
/// serving ClientControlBackend over a fake client: tables, --json, exit codes, messages.
@Suite(.serialized, .timeLimit(.minutes(2))) struct TorctlEndToEndTests {
    func run(_ server: ControlBackendServer, _ arguments: [String]) async throws -> TorctlProcess.Result {
        try await TorctlProcess.run(arguments + ["--control-port", "127.0.0.1:\(server.port)"])
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func statusTableAndJSON() async throws {
        let server = try await ControlBackendServer.start()
        let table = try await run(server, ["status"])
        #expect(table.exitCode == 0, "\(table)")
        #expect(table.standardOutput == """
            Client     0.4.9.11 (torswift-0.1.0-dev), up 1h 02m 03s
            Bootstrap  [##########----------] 50% (loading_descriptors) Loading relay descriptors
            Circuits   1 built, 1 other
            Streams    1 open
            Traffic    2.0 KiB read, 1.5 MiB written
            Breakers   guard-fetch closed, exit1 open (5 failures)
            Torrc      /etc/tor/torrc (accepted)
            SOCKS      127.0.0.1:9050

            """, "\(table)")

        let report = try #require(try json(try await run(server, ["status", "--json"]).standardOutput) as? [String: Any])
        #expect(Set(report.keys) == [
            "version", "uptime_seconds", "bootstrap", "circuit_established", "circuits", "streams", "traffic", "breakers",
            "torrc", "socks_listeners",
        ])
        #expect(report["uptime_seconds"] as? Int == 3723)
        #expect((report["bootstrap"] as? [String: Any])?["progress"] as? Int == 50)
        #expect((report["bootstrap"] as? [String: Any])?["tag"] as? String == "loading_descriptors")
        #expect((report["traffic"] as? [String: Any])?["written"] as? Int == 1_572_864)
        #expect((report["circuits"] as? [String: Any])?["built"] as? Int == 1)
        #expect((report["breakers"] as? [[String: Any]])?.last?["state"] as? String == "open")
        #expect((report["torrc"] as? [String: Any])?["accepted"] as? Bool == true)
        #expect((report["torrc"] as? [String: Any])?["message"] is NSNull, "stable keys: an absent message is null")
        #expect(report["socks_listeners"] as? [String] == ["127.0.0.1:9050"])
        await server.stop()
    }

    @Test func circuitsAndStreams() async throws {
        let server = try await ControlBackendServer.start()
        let circuits = try await run(server, ["circuits"])
        #expect(circuits.exitCode == 0)
        #expect(circuits.standardOutput == """
            ID  STATUS    PURPOSE  CREATED                     PATH
            1   BUILT     GENERAL  2026-11-23T04:00:00.000000  guard1 > middle1 > exit1
            2   LAUNCHED  GENERAL  2026-11-23T04:00:01.000000  \n
            """, "\(circuits)")
        let circuitJSON = try #require(try json(try await run(server, ["circuits", "--json"]).standardOutput) as? [[String: Any]])
        #expect(circuitJSON.map { $0["id"] as? String } == ["1", "2"])
        #expect(circuitJSON.allSatisfy { Set($0.keys) == ["id", "status", "path", "purpose", "build_flags", "time_created"] })
        #expect((circuitJSON[0]["path"] as? [[String: Any]])?.map { $0["nickname"] as? String } == ["guard1", "middle1", "exit1"])
        #expect((circuitJSON[0]["path"] as? [[String: Any]])?.first?["fingerprint"] as? String == String(repeating: "A", count: 40))

        let streams = try await run(server, ["streams"])
        #expect(streams.standardOutput == "ID  STATUS     CIRCUIT  TARGET\n5   SUCCEEDED  1        example.com:443\n", "\(streams)")
        let streamJSON = try #require(try json(try await run(server, ["streams", "--json"]).standardOutput) as? [[String: String]])
        #expect(streamJSON == [["id": "5", "status": "SUCCEEDED", "circuit_id": "1", "target": "example.com:443"]])
        server.client.state.withLockedValue { $0.streams = [] }
        #expect(try await run(server, ["streams"]).standardOutput == "No streams.\n")
        await server.stop()
    }

    @Test func newnymReloadAndStop() async throws {
        let server = try await ControlBackendServer.start()
        let newnym = try await run(server, ["newnym"])
        #expect(newnym.exitCode == 0 && newnym.standardOutput == "New connections will use new circuits.\n")
        let newnymJSON = try #require(try json(try await run(server, ["newnym", "--json"]).standardOutput) as? [String: Any])
        #expect(newnymJSON["signal"] as? String == "NEWNYM" && newnymJSON["ok"] as? Bool == true)

        let reload = try await run(server, ["reload"])
        #expect(reload.exitCode == 0 && reload.standardOutput == "Reloaded /etc/tor/torrc: accepted.\n", "\(reload)")
        server.client.state.withLockedValue { $0.torrc = .rejected(message: "torrc line 3: SocksPort: not a port number") }
        let rejected = try await run(server, ["reload"])
        #expect(rejected.exitCode == 3, "\(rejected)")
        #expect(rejected.standardError.contains("rejected /etc/tor/torrc") && rejected.standardError.contains("line 3: SocksPort: not a port number"))
        let rejectedJSON = try await run(server, ["reload", "--json"])
        #expect(rejectedJSON.exitCode == 3)
        #expect((try json(rejectedJSON.standardOutput) as? [String: Any])?["accepted"] as? Bool == false)

        let stop = try await run(server, ["stop"])
        #expect(stop.exitCode == 0 && stop.standardOutput == "The client is stopping (SHUTDOWN).\n")
        #expect(try await run(server, ["stop", "--now", "--json"]).exitCode == 0)
        let state = server.client.state.withLockedValue { $0 }
        #expect(state.newIdentities == 2 && state.reloads == 3 && state.shutdowns == [false, true])
        await server.stop()
    }

    @Test func configGetAndSet() async throws {
        let server = try await ControlBackendServer.start()
        let get = try await run(server, ["config", "get", "MaxCircuitDirtiness", "ExitNodes"])
        #expect(get.exitCode == 0 && get.standardOutput == "MaxCircuitDirtiness 600\nExitNodes (not set)\n", "\(get)")
        let getJSON = try #require(try json(try await run(server, ["config", "get", "--json", "MaxCircuitDirtiness", "ExitNodes"]).standardOutput) as? [String: [String]])
        #expect(getJSON == ["MaxCircuitDirtiness": ["600"], "ExitNodes": []])

        let set = try await run(server, ["config", "set", "MaxCircuitDirtiness=300", "--save"])
        #expect(set.exitCode == 0 && set.standardOutput == "Set MaxCircuitDirtiness to 300.\nSaved the configuration to the torrc.\n", "\(set)")
        #expect(server.client.state.withLockedValue { ($0.options["MaxCircuitDirtiness"], $0.saves) } == (["300"], [false]))
        let setJSON = try await run(server, ["config", "set", "--json", "SocksPort=127.0.0.1:9150"])
        #expect((try json(setJSON.standardOutput) as? [String: Any])?["changed"] as? [String: String] == ["SocksPort": "127.0.0.1:9150"])

        let bad = try await run(server, ["config", "set", "MaxCircuitDirtiness=soon"])
        #expect(bad.exitCode == 3 && bad.standardError.contains("553 MaxCircuitDirtiness must be a number of seconds"), "\(bad)")
        let unknown = try await run(server, ["config", "get", "NoSuchOption"])
        #expect(unknown.exitCode == 3 && unknown.standardError.contains("552"), "\(unknown)")
        let usage = try await run(server, ["config", "set", "NoEquals"])
        #expect(usage.exitCode == 64, "\(usage)")
        await server.stop()
    }

    @Test func eventsFollowUntilCount() async throws {
        let server = try await ControlBackendServer.start()
        let events = server.events
        let circuit = server.client.state.withLockedValue { $0.circuits[0] }
        let publisher = Task {
            for _ in 0..<400 where !Task.isCancelled {
                events.circuitChanged(circuit)
                events.bandwidth(read: 100, written: 200)
                events.log(.notice, "Bootstrapped 100% (done): Done")
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let text = try await run(server, ["events", "--count", "4"])
        let json = try await run(server, ["events", "BW", "--json", "--count", "2"])
        publisher.cancel()
        #expect(text.exitCode == 0, "\(text)")
        let lines = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // BW was not asked for by default; CIRC and NOTICE were.
        #expect(Set(lines) == ["CIRC " + ControlStatusFormatter.circuit(circuit), "NOTICE Bootstrapped 100% (done): Done"], "\(text)")
        #expect(json.exitCode == 0)
        #expect(json.standardOutput == "{\"body\":\"100 200\",\"event\":\"BW\"}\n{\"body\":\"100 200\",\"event\":\"BW\"}\n", "\(json)")
        await server.stop()
    }

    /// Ctrl-C (SIGINT, sent to the torctl process we started) ends `events` with exit code 0.
    @Test func eventsStopsCleanlyOnInterrupt() async throws {
        let server = try await ControlBackendServer.start()
        let events = server.events
        let publisher = Task {
            for _ in 0..<400 where !Task.isCancelled {
                events.log(.warn, "still here")
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let (process, output, error) = try TorctlProcess.start(["events", "--control-port", "127.0.0.1:\(server.port)"])
        let text = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            DispatchQueue.global().async {
                let first = output.fileHandleForReading.availableData  // blocks until the first event line
                kill(process.processIdentifier, SIGINT)
                let rest = output.fileHandleForReading.readDataToEndOfFile()
                _ = error.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: String(decoding: first + rest, as: UTF8.self))
            }
        }
        publisher.cancel()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(process.terminationReason.rawValue) \(process.terminationStatus)")
        #expect(text.hasPrefix("WARN still here\n"))
        await server.stop()
    }

    @Test func torrcFindsPortAndCookie() async throws {
        let server = try await ControlBackendServer.start()
        let torrc = server.directory + "/torrc"
        try """
            ControlPort 127.0.0.1:\(server.port)
            CookieAuthentication 1
            CookieAuthFile \(server.cookieFile)
            DataDirectory \(server.directory)
            """.write(toFile: torrc, atomically: true, encoding: .utf8)
        let result = try await TorctlProcess.run(["streams", "-f", torrc])
        #expect(result.exitCode == 0 && result.standardOutput.contains("example.com:443"), "\(result)")
        await server.stop()
    }

    @Test func noClientRunningSaysHowToStartOne() async throws {
        let server = try await ControlBackendServer.start()
        let port = server.port
        let torrc = server.directory + "/torrc"
        try "ControlPort 127.0.0.1:\(port)\n".write(toFile: torrc, atomically: true, encoding: .utf8)
        await server.listener.close()
        for command in [["status"], ["circuits", "--json"], ["stop"], ["events"]] {
            let result = try await TorctlProcess.run(command + ["--control-port", "127.0.0.1:\(port)"])
            #expect(result.exitCode == 1, "\(command): \(result)")
            // Without -f the default torrc search may find the machine's /etc/tor/torrc and name it.
            #expect(result.standardError.hasPrefix("torctl: No client is running on 127.0.0.1:\(port). Start one with: torctl run -f "))
            #expect(result.standardError.hasSuffix("\n") && result.standardError.split(separator: "\n").count == 1)
        }
        let withTorrc = try await TorctlProcess.run(["status", "-f", torrc])
        #expect(withTorrc.exitCode == 1)
        #expect(withTorrc.standardError == "torctl: No client is running on 127.0.0.1:\(port). Start one with: torctl run -f \(torrc)\n")
        try? FileManager.default.removeItem(atPath: server.directory)
    }

    @Test func wrongCookieFailsAuthentication() async throws {
        let server = try await ControlBackendServer.start()
        let wrong = server.directory + "/other_cookie"
        _ = try ControlCookie.create(at: wrong)
        let result = try await run(server, ["status", "--cookie-file", wrong])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("does not know our cookie"))
        await server.stop()
    }

    @Test func passwordFromFlagOrEnvironment() async throws {
        let server = try await ControlBackendServer.start(cookie: false, password: true)
        let endpoint = ["--control-port", "127.0.0.1:\(server.port)"]
        let none = try await TorctlProcess.run(["newnym"] + endpoint)
        #expect(none.exitCode == 2 && none.standardError.contains("pass --password or set TORCTL_PASSWORD"), "\(none)")
        let wrong = try await TorctlProcess.run(["newnym", "--password", "wrong"] + endpoint)
        #expect(wrong.exitCode == 2 && wrong.standardError.contains("refused authentication"), "\(wrong)")
        let flag = try await TorctlProcess.run(["newnym", "--password", ControlBackendServer.password] + endpoint)
        #expect(flag.exitCode == 0, "\(flag)")
        let environment = try await TorctlProcess.run(["newnym"] + endpoint, environment: ["TORCTL_PASSWORD": ControlBackendServer.password])
        #expect(environment.exitCode == 0, "\(environment)")
        #expect(server.client.state.withLockedValue { $0.newIdentities } == 2)
        await server.stop()
    }

    @Test func helpDocumentsExitCodes() async throws {
        let result = try await TorctlProcess.run(["--help"])
        #expect(result.standardOutput.contains("1 no client is running or reachable"), "\(result)")
        for command in ["status", "circuits", "streams", "newnym", "reload", "config", "events", "stop", "verify-config"] {
            #expect(result.standardOutput.contains(command))
        }
    }
}
