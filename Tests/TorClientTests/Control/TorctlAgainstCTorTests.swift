import ControlPort
import Foundation
import Testing

/// Ground truth for torctl: the built binary against a real C tor 0.4.9 client process (no
/// SOCKS port, control port on a loopback port it picks, cookie authentication, a directory
/// authority at 127.0.0.1:1 so it never reaches the internet). Fails, never skips, when `tor`
/// is missing.
@Suite(.serialized, .timeLimit(.minutes(2))) struct TorctlAgainstCTorTests {
    /// A tor process this test started; stopped by its PID only.
    final class CTor: @unchecked Sendable {
        let process = Process()
        let directory = NSTemporaryDirectory() + "torctl-ctor-\(UUID().uuidString)"

        init() throws {
            try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
            try """
                SocksPort 0
                ControlPort 127.0.0.1:auto
                ControlPortWriteToFile \(directory)/control-port
                CookieAuthentication 1
                DataDirectory \(directory)/data
                GeoIPFile /nonexistent
                GeoIPv6File /nonexistent
                DirAuthority test orport=1 no-v2 v3ident=0000000000000000000000000000000000000001 127.0.0.1:1 0000000000000000000000000000000000000002
                Log notice file \(directory)/tor.log
                __OwningControllerProcess \(getpid())
                """.write(toFile: directory + "/torrc", atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/tor")
            process.arguments = ["-f", directory + "/torrc", "--defaults-torrc", "/dev/null"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// `127.0.0.1:PORT` from ControlPortWriteToFile, polled for at most 45 s.
        func controlPort() async throws -> String {
            let deadline = ContinuousClock.now + .seconds(45)
            while ContinuousClock.now < deadline && process.isRunning {
                if let text = try? String(contentsOfFile: directory + "/control-port", encoding: .utf8),
                   let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT=") }) {
                    return String(line.dropFirst("PORT=".count))
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ControlPortError(.timedOut, kind: .resource, "tor wrote no control port file")
        }

        /// Whether the process ended within `limit`.
        func exited(within limit: Duration) async -> Bool {
            let deadline = ContinuousClock.now + limit
            while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            return !process.isRunning
        }

        func stop() async {
            if process.isRunning { process.terminate() }
            if !(await exited(within: .seconds(10))) { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func everySubcommandWorksAgainstCTorAndStopEndsIt() async throws {
        let tor = try CTor()
        do {
            let endpoint = ["--control-port", try await tor.controlPort()]

            let status = try await TorctlProcess.run(["status", "--json"] + endpoint)
            #expect(status.exitCode == 0, "\(status)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
            #expect((report["version"] as? String)?.hasPrefix("0.4.9") == true, "\(report)")
            #expect((report["bootstrap"] as? [String: Any])?["tag"] is String)
            #expect((report["torrc"] as? [String: Any])?["path"] as? String == tor.directory + "/torrc")
            #expect((report["torrc"] as? [String: Any])?["accepted"] is NSNull)
            let table = try await TorctlProcess.run(["status"] + endpoint)
            #expect(table.exitCode == 0 && table.standardOutput.contains("Bootstrap  ["), "\(table)")

            #expect(try await TorctlProcess.run(["circuits", "--json"] + endpoint).standardOutput == "[\n\n]\n")
            #expect(try await TorctlProcess.run(["streams"] + endpoint).standardOutput == "No streams.\n")

            let get = try await TorctlProcess.run(["config", "get", "SocksPort", "MaxCircuitDirtiness"] + endpoint)
            #expect(get.exitCode == 0 && get.standardOutput == "SocksPort 0\nMaxCircuitDirtiness 600\n", "\(get)")
            let set = try await TorctlProcess.run(["config", "set", "MaxCircuitDirtiness=300"] + endpoint)
            #expect(set.exitCode == 0, "\(set)")
            #expect(try await TorctlProcess.run(["config", "get", "MaxCircuitDirtiness"] + endpoint).standardOutput == "MaxCircuitDirtiness 300\n")
            let bad = try await TorctlProcess.run(["config", "set", "MaxCircuitDirtiness=soon"] + endpoint)
            // C tor answers a value it cannot parse with 513 (control-spec §3.1).
            #expect(bad.exitCode == 3 && bad.standardError.contains("The client refused the command: 513 "), "\(bad)")

            // events: C tor's CONF_CHANGED (a multi-line event) after a change made meanwhile.
            let follower = try TorctlProcess.start(["events", "CONF_CHANGED", "--json", "--count", "1"] + endpoint)
            var followed: TorctlProcess.Result?
            for value in 400..<420 where followed == nil {
                _ = try await TorctlProcess.run(["config", "set", "MaxCircuitDirtiness=\(value)"] + endpoint)
                if !follower.0.isRunning { followed = await TorctlProcess.finish(follower) }
            }
            if followed == nil { followed = await TorctlProcess.finish(follower) }
            let events = try #require(followed)
            #expect(events.exitCode == 0, "\(events)")
            let event = try JSONSerialization.jsonObject(with: Data(events.standardOutput.utf8)) as? [String: String]
            #expect(event?["event"] == "CONF_CHANGED" && event?["body"]?.hasPrefix("MaxCircuitDirtiness=4") == true, "\(events)")

            let reload = try await TorctlProcess.run(["reload"] + endpoint)
            #expect(reload.exitCode == 0, "\(reload)")
            #expect(reload.standardOutput == "Asked the client to reload \(tor.directory)/torrc; it does not report whether it accepted it.\n")
            #expect(tor.process.isRunning, "tor died on SIGNAL RELOAD")

            let newnym = try await TorctlProcess.run(["newnym"] + endpoint)
            #expect(newnym.exitCode == 0, "\(newnym)")

            let stop = try await TorctlProcess.run(["stop"] + endpoint)
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(await tor.exited(within: .seconds(20)), "tor still runs after torctl stop")
            let after = try await TorctlProcess.run(["status"] + endpoint)
            #expect(after.exitCode == 1 && after.standardError.contains("No client is running on"), "\(after)")
        } catch {
            await tor.stop()
            throw error
        }
        await tor.stop()
    }
}
