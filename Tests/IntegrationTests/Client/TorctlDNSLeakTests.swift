import Foundation
import Testing

/// The client never asks the system resolver for a name a SOCKS client sent (issue 5): the
/// whole process runs under `strace -f`, and the trace of every thread's connects, sends and
/// file opens is searched for any sign of a DNS lookup.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct TorctlDNSLeakTests {
    @Test func socksHostnamesAreNeverResolvedLocally() async throws {
        let network = try await TestNetwork.shared()
        let directory = try TorctlProcess.temporaryDirectory("torctl-trace")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("strace.txt").path
        let client = try TorctlProcess(network: network, tracePath: trace)
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done", timeout: .seconds(180))

        // A name that exists nowhere, and `localhost`, which the exit can answer from its own
        // hosts file: neither may be looked up here.
        let unique = "leakcheck-\(UInt32.random(in: 0...UInt32.max)).invalid"
        let http = network.http
        let missing = try await ClientTools.curl("http://\(unique):\(http.port)/echo-peer", socks: client.socksAddress)
        #expect(missing.status != 0, "the exit cannot resolve \(unique)")
        let local = try await ClientTools.curl("http://localhost:\(http.port)/echo-peer", socks: client.socksAddress)
        if local.status == 0 {
            let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(local.stdout.utf8))
            #expect(echo.pid.map(Set(network.exits.map(\.pid)).contains) == true, "localhost was resolved by the exit")
        }
        await client.stop()

        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 10, "strace recorded the client's syscalls")
        let lookups = lines.filter { line in
            line.contains("htons(53)") || line.contains("resolv.conf") || line.contains("nsswitch.conf")
                || line.contains("/etc/hosts") || line.contains("nscd") || line.contains("systemd/resolve")
                || line.contains("leakcheck-")
        }
        #expect(lookups.isEmpty, "no DNS activity in the client: \(lookups.prefix(5))")
    }
}
