import Foundation
import Testing

/// Issue 6, deliverable 3: SocksPort rebound live from an edited torrc (which C tor's reload does
/// not offer), and SIGHUP taking the same path as the poll.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct TorctlLiveListenerTests {
    @Test func anEditedSocksPortIsReboundWithoutARestart() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network, extra: "TorrcPollInterval 1")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let url = "http://\(network.http.address):\(network.http.port)/echo-peer"
        let before = try await ClientTools.curl(url, socks: client.socksAddress)
        #expect(before.status == 0, "\(before.stderr)")

        let newPort = try TorctlProcess.freePort()
        let torrc = try String(contentsOfFile: client.torrcPath, encoding: .utf8)
            .replacingOccurrences(of: "SocksPort 127.0.0.1:\(client.socksPort)", with: "SocksPort 127.0.0.1:\(newPort)")
        try torrc.write(toFile: client.torrcPath, atomically: true, encoding: .utf8)
        try await client.waitForLine(containing: "Opened Socks listener connection (ready) on 127.0.0.1:\(newPort)", timeout: .seconds(30))

        let after = try await ClientTools.curl(url, socks: "127.0.0.1:\(newPort)")
        #expect(after.status == 0, "the new SocksPort serves: \(after.stderr)")
        let old = try await ClientTools.curl(url, socks: client.socksAddress, maxTime: 10)
        #expect(old.status != 0, "the old SocksPort no longer accepts connections")
        #expect(client.process.isRunning)
    }

    @Test func sighupReloadsTheTorrc() async throws {
        let network = try await TestNetwork.shared()
        // A long poll interval, so only the signal can explain the reload.
        let client = try TorctlProcess(network: network, extra: "TorrcPollInterval 3600")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let torrc = try String(contentsOfFile: client.torrcPath, encoding: .utf8) + "CircuitPoolMinSize 3\n"
        try torrc.write(toFile: client.torrcPath, atomically: true, encoding: .utf8)
        kill(client.process.processIdentifier, SIGHUP)
        try await client.waitForLine(containing: "CircuitPoolMinSize 2 -> 3", timeout: .seconds(20))
        #expect(client.process.isRunning)
    }
}
