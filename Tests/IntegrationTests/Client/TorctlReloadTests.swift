import Foundation
import Testing

/// Issue 6's acceptance: while a 50 MiB download streams through `torctl run`, the test edits
/// the torrc on disk (no signal) and sees each of the fifteen reloadable options take effect
/// through a behaviour of its own, seen from outside the process (the log, stem over the
/// control port, the process's TCP connections); then writes an invalid torrc and sees the
/// client keep serving on its old configuration with one error naming the line; then fixes the
/// file and sees it applied. The download completes bit-exact throughout.
///
/// Runs on a network of its own: the CircuitBuildTimeout step stops (SIGSTOP) the guard for a
/// few seconds so that builds hang, which would disturb other suites.
@Suite(.serialized, .timeLimit(.minutes(12)))
struct TorctlReloadTests {
    /// The download's rate: slow enough to outlast every edit (about five minutes).
    static let downloadRate = "160K"

    @Test func everyReloadableOptionTakesEffectDuringADownload() async throws {
        let network = try await TestNetwork.startDedicated()
        let harness: ReloadHarness
        do {
            harness = try ReloadHarness(network: network, options: [])
        } catch {
            try? await TestNetwork.stop(network)
            throw error
        }
        defer {
            harness.stopMonitor()
            harness.client.cleanUp()
        }
        do {
            try await run(harness)
        } catch {
            Issue.record("\(error)")
        }
        harness.stopMonitor()
        await harness.client.stop()
        try await TestNetwork.stop(network)
    }

    private func run(_ harness: ReloadHarness) async throws {
        let client = harness.client
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done", timeout: .seconds(180))
        try await harness.startMonitor()

        let http = harness.network.http
        let file = try #require(http.file("/50M"))
        let output = client.directory.appendingPathComponent("50M").path
        let downloadMark = harness.events.mark
        let download = Task {
            try await ClientTools.curl(
                "http://\(http.address):\(http.port)/50M", socks: client.socksAddress, output: output,
                extra: ["--limit-rate", Self.downloadRate], maxTime: 700)
        }
        var downloadCircuit: String?
        _ = try await harness.eventually(within: .seconds(30)) {
            downloadCircuit = harness.events.streamCircuit(since: downloadMark, target: "\(http.address):\(http.port)")
            return downloadCircuit != nil
        }
        let carrier = try #require(downloadCircuit, "stem saw the download's stream attach to a circuit")

        try await checkLogLevel(harness)
        try await checkPoolSizes(harness, downloadCircuit: carrier)
        try await checkNewCircuitPeriod(harness)
        try await checkPrebuilding(harness)
        try await checkDirtiness(harness, downloadCircuit: carrier)
        try await checkBuildTimeout(harness, downloadCircuit: carrier)
        let unpooled = try await checkConnectionPooling(harness, downloadCircuit: carrier)
        try await checkConnectionLimits(harness, downloadCircuit: carrier, unpooled: unpooled)
        try await checkBufferPooling(harness)
        try await checkIsolation(harness)
        try await checkInvalidTorrc(harness)

        #expect(!download.isCancelled)
        let stillStreaming = client.process.isRunning && !(FileManager.default.fileExists(atPath: output)
            && (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) == file.size)
        #expect(stillStreaming, "the download was still streaming after the last edit (slow down downloadRate if not)")

        let result = try await download.value
        #expect(result.stdout == "200", "curl: \(result.stderr)")
        let body = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(body.count == file.size)
        #expect(try ExternalSHA256.hexDigest(of: body) == file.sha256, "the download is bit-exact")
        #expect(client.process.isRunning)
    }
}
