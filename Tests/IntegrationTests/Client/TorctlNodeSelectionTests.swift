import Foundation
import Testing

/// ExitNodes and ExcludeNodes as a C tor user sets them: in the torrc at start, by editing the
/// torrc while the client runs, and with SETCONF over the control port (`torctl config set`).
/// Each fetch of `/echo-peer` names the exit process that made it, and every fetch uses a new
/// SOCKS username, so each one gets a circuit of its own (IsolateSOCKSAuth).
@Suite(.serialized, .timeLimit(.minutes(10)))
struct TorctlNodeSelectionTests {
    /// The exit processes (by PID) that answered `count` fetches, each under a new username.
    static func exitsUsed(by client: TorctlProcess, network: TestNetworkInfo, count: Int = 8) async throws -> Set<Int32> {
        var pids: Set<Int32> = []
        for _ in 0..<count {
            let user = "node-\(UUID().uuidString.prefix(8))"
            let url = "http://\(network.http.address):\(network.http.port)/echo-peer"
            let fetch = try await ClientTools.curl(url, socks: client.socksAddress, extra: ["--proxy-user", "\(user):x"], maxTime: 60)
            #expect(fetch.status == 0, "\(fetch.stderr)\n\(client.output.suffix(3000))")
            guard fetch.status == 0 else { continue }
            let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(fetch.stdout.utf8))
            pids.insert(try #require(echo.pid, "the exit answered without its PID"))
        }
        return pids
    }

    @Test func exitNodesHoldsAtStartAndFollowsTorrcEditsAndSetconf() async throws {
        let network = try await TestNetwork.shared()
        let exits = network.exits
        try #require(exits.count >= 2, "the private network has two exits")
        let (first, second) = (exits[0], exits[1])
        let client = try TorctlProcess(network: network, extra: "TorrcPollInterval 1\nExitNodes $\(first.rsaFingerprint)")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        #expect(try await Self.exitsUsed(by: client, network: network) == [first.pid])

        // An edit of the torrc: the running client takes the other exit, no restart.
        let torrc = try String(contentsOfFile: client.torrcPath, encoding: .utf8)
        let edited = torrc.replacingOccurrences(of: "ExitNodes $\(first.rsaFingerprint)", with: "ExitNodes \(second.nickname)")
        try edited.write(toFile: client.torrcPath, atomically: true, encoding: .utf8)
        try await client.waitForLine(containing: "ExitNodes $\(first.rsaFingerprint) -> \(second.nickname)", timeout: .seconds(30))
        #expect(try await Self.exitsUsed(by: client, network: network) == [second.pid])

        // SETCONF, as stem's set_conf sends it: no ExitNodes, the first exit excluded.
        let set = try await TorctlControlTests.torctl(["config", "set", "ExitNodes=", "ExcludeNodes=$\(second.rsaFingerprint)"], client)
        #expect(set.status == 0, "\(set.stdout)\(set.stderr)")
        let get = try await TorctlControlTests.torctl(["config", "get", "ExcludeNodes"], client)
        #expect(get.stdout.contains("$\(second.rsaFingerprint)"), "\(get.stdout)\(get.stderr)")
        #expect(try await Self.exitsUsed(by: client, network: network) == [first.pid])
        #expect(client.process.isRunning)
    }

    @Test func anExitListNamingNoExitSaysWhyAndFailsTheStream() async throws {
        let network = try await TestNetwork.shared()
        let middle = try #require(network.relays.first { !$0.roles.contains("exit") && !$0.roles.contains("authority") })
        let client = try TorctlProcess(network: network, extra: "ExitNodes \(middle.nickname)\nSocksTimeout 5")
        defer { client.cleanUp() }
        // No circuit can be built, so bootstrap never reaches 100%; the first prebuild says why,
        // at a level `Log notice` shows.
        try await client.waitForLine(
            containing: "Cannot build circuits: No relay can be the exit of this path: all ", timeout: .seconds(60))
        #expect(client.output.contains("are left out by ExitNodes, ExcludeExitNodes or ExcludeNodes"), "\(client.output.suffix(3000))")
        let url = "http://\(network.http.address):\(network.http.port)/echo-peer"
        let fetch = try await ClientTools.curl(url, socks: client.socksAddress, maxTime: 40)
        #expect(fetch.status != 0, "no exit may carry the stream: \(fetch.stdout)")
        #expect(client.process.isRunning)
    }
}
