import Foundation
import Testing

/// Issue 5's acceptance, as a user sees it: `torctl run -f TORRC` against the private network,
/// used through its SOCKS port by curl and a Python SOCKS client.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct TorctlRunTests {
    /// The client's `Bootstrapped N%` lines from its stdout, in order.
    static func bootstrapPercentages(_ output: String) -> [Int] {
        output.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "Bootstrapped ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }

    @Test func bootstrapsThenCarriesCurlOverSocks5Socks4aAndLiterals() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let percentages = Self.bootstrapPercentages(client.output)
        #expect(percentages.first == 0)
        #expect(percentages == percentages.sorted(), "bootstrap only moves forward: \(percentages)")
        #expect(client.output.contains("Opened Socks listener connection (ready) on \(client.socksAddress)"))

        let http = network.http
        let file = try #require(http.file("/50M"))
        let output = client.directory.appendingPathComponent("50M").path
        let download = try await ClientTools.curl(
            "http://\(http.address):\(http.port)/50M", socks: client.socksAddress, output: output, maxTime: 300)
        #expect(download.stdout == "200", "\(download.stderr)")
        let body = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(body.count == file.size)
        #expect(try ExternalSHA256.hexDigest(of: body) == file.sha256)

        let exitPIDs = Set(network.exits.map(\.pid))
        for flag in ["--socks4a", "--socks5", "--socks5-hostname"] {
            let peer = try await ClientTools.curl("http://\(http.address):\(http.port)/echo-peer", socks: client.socksAddress, flag: flag)
            #expect(peer.status == 0, "\(flag): \(peer.stderr)")
            let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(peer.stdout.utf8))
            #expect(echo.pid.map(exitPIDs.contains) == true, "\(flag): the request left through an exit")
        }

        let status = await client.stop(signal: SIGTERM)
        #expect(status == 0, "SIGTERM ends the client cleanly; stdout:\n\(client.output)")
        #expect(client.output.contains("exiting cleanly"))
    }

    @Test func twoHundredConcurrentStreamsAllSucceed() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let small = try #require(network.http.file("/small"))
        let result = try await ClientTools.probe([
            "concurrent", "--socks", client.socksAddress, "--host", network.http.address, "--port", "\(network.http.port)",
            "--path", "/small", "--count", "200", "--sha256", small.sha256,
            "--exit-pids", network.exits.map { "\($0.pid)" }.joined(separator: ","),
        ])
        #expect(result["ok"] as? Int == 200, "failures: \(result["failed"] ?? "?")")
    }

    @Test func usernamesIsolateCircuitsUnderIsolateSOCKSAuth() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network, extra: "IsolateSOCKSAuth 1")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let result = try await ClientTools.probe([
            "isolation", "--socks", client.socksAddress, "--host", network.http.address, "--port", "\(network.http.port)",
            "--control", "\(client.controlPort)", "--users", "alice,alice,bob,bob",
        ])
        let rows = try #require(result["results"] as? [[String: Any]])
        let circuits = rows.map { $0["circuit"] as? String }
        #expect(rows.allSatisfy { $0["status"] as? Int == 200 })
        #expect(circuits.allSatisfy { $0 != nil }, "every stream reported its circuit: \(rows)")
        #expect(circuits[0] == circuits[1], "one username's streams share a circuit")
        #expect(circuits[2] == circuits[3], "one username's streams share a circuit")
        #expect(circuits[0] != circuits[2], "two usernames never share a circuit")
    }

    @Test func aThousandMalformedInputsLeaveTheListenerServing() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let small = try #require(network.http.file("/small"))
        let result = try await ClientTools.probe([
            "malformed", "--socks", client.socksAddress, "--host", network.http.address, "--port", "\(network.http.port)",
            "--count", "1000", "--seed", "7",
        ])
        #expect((result["connect_failures"] as? [Any])?.isEmpty == true, "\(result)")
        #expect(result["after_status"] as? Int == 200)
        #expect(result["after_sha256"] as? String == small.sha256)
        #expect(client.process.isRunning)
    }
}
