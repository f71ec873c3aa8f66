import Directory
import Foundation
import Testing

/// Ground truth for ``BootstrapPhase``: a real tor 0.4.9 client bootstrapping from the private
/// network logs its own "Bootstrapped N% (tag): summary" lines, and each must be one of ours.
@Suite(.timeLimit(.minutes(3)))
struct CTorBootstrapPhaseTests {
    /// How long tor may take to reach 100% on the private network.
    static let bootstrapLimit: Duration = .seconds(90)

    @Test func everyLineTorLogsIsOneOfOurPhases() async throws {
        let network = try await TestNetwork.shared()
        let directory = try DirectoryBootstrapHarness.dataDirectory()
        let log = directory + "/notice.log"
        let torrc = try String(contentsOfFile: network.clientTorrcPath, encoding: .utf8) + """

            DataDirectory \(directory)/data
            SocksPort 0
            Log notice file \(log)
            __OwningControllerProcess \(ProcessInfo.processInfo.processIdentifier)

            """
        try FileManager.default.createDirectory(
            atPath: directory + "/data", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try torrc.write(toFile: directory + "/torrc", atomically: true, encoding: .utf8)
        let tor = Process()
        tor.executableURL = URL(fileURLWithPath: TorSocksProcess.torPath)
        tor.arguments = ["-f", directory + "/torrc", "--quiet"]
        try tor.run()
        defer {
            // Only the process this test started, by its PID.
            if tor.isRunning { kill(tor.processIdentifier, SIGKILL) }
        }
        var lines: [String] = []
        let deadline = ContinuousClock.now + Self.bootstrapLimit
        while ContinuousClock.now < deadline, tor.isRunning {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            lines = text.split(separator: "\n").compactMap { line in
                line.range(of: "Bootstrapped ").map { String(line[$0.lowerBound...]) }
            }
            if lines.contains(where: { $0.hasPrefix("Bootstrapped 100%") }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(lines.last == "Bootstrapped 100% (done): Done", "tor did not finish bootstrapping: \(lines)")
        var seenProgress = -1
        for line in lines {
            let match = BootstrapPhase.all.first { phase in
                line.hasSuffix("(\(phase.tag)): \(phase.summary)")
            }
            let phase = try #require(match, "tor logged a phase we do not know: \(line)")
            let progress = try #require(Int(line.dropFirst("Bootstrapped ".count).prefix { $0.isNumber }))
            let next = BootstrapPhase.all.first { $0.progress > phase.progress }?.progress ?? 101
            #expect((phase.progress..<next).contains(progress), "\(line): outside \(phase)")
            #expect(progress > seenProgress, "tor went backwards at \(line)")
            seenProgress = progress
        }
        // The directory phases our bootstrapper reports appear in tor's own cold start.
        for tag in ["starting", "onehop_create", "requesting_status", "loading_status", "loading_keys",
                    "requesting_descriptors", "loading_descriptors", "enough_dirinfo"] {
            #expect(lines.contains { $0.contains("(\(tag)):") }, "tor skipped \(tag)")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
