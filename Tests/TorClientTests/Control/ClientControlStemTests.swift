import ControlPort
import Foundation
import TorClient
import Testing

/// Real stem 1.8.1 (Debian's python3-stem) parses what the backend and events send. Fails,
/// never skips, when /usr/bin/python3 or stem is missing.
@Suite(.timeLimit(.minutes(1))) struct ClientControlStemTests {
    @Test func stemParsesCircuitsStreamsBootstrapConfAndEvents() async throws {
        let server = try await ControlBackendServer.start()
        let events = server.events
        let circuit = server.client.state.withLockedValue { $0.circuits[0] }
        // Publish the four events every 100 ms while stem runs; only its subscription gets them.
        let publisher = Task {
            for _ in 0..<250 where !Task.isCancelled {
                var failed = circuit
                failed.status = "FAILED"
                failed.reason = "TIMEOUT"
                events.circuitChanged(failed)
                events.streamChanged(ControlledStream(id: "5", status: "CLOSED", circuitID: "1", targetHost: "example.com", targetPort: 443, reason: "DONE"))
                events.bandwidth(read: 100, written: 200)
                events.bootstrapped(ControlledBootstrapStatus(progress: 100, tag: "done", summary: "Done"))
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let output = try await Self.runPython("stem_backend.py", arguments: [String(server.port)])
        publisher.cancel()
        await server.stop()

        let lines = output.split(separator: "\n").map(String.init)
        let path = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~guard1,BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB~middle1,CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC~exit1"
        #expect(lines.contains("circuit 1 BUILT \(path) NEED_CAPACITY GENERAL 2026-11-23T04:00:00"), "\(output)")
        #expect(lines.contains("circuit 2 LAUNCHED  NEED_CAPACITY GENERAL 2026-11-23T04:00:01"), "\(output)")
        #expect(lines.contains("stream 5 SUCCEEDED 1 example.com 443"), "\(output)")
        #expect(lines.contains("bootstrap NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY=\"Loading relay descriptors\""), "\(output)")
        #expect(lines.contains("listeners [('127.0.0.1', 9050)]"), "\(output)")
        #expect(lines.contains("conf 600"), "\(output)")
        #expect(lines.contains("conf after set 120"), "\(output)")
        #expect(lines.contains("newnym ok"), "\(output)")
        #expect(lines.contains("event CIRC 1 FAILED 3 TIMEOUT"), "\(output)")
        #expect(lines.contains("event STREAM 5 CLOSED 1 example.com:443 DONE"), "\(output)")
        #expect(lines.contains("event BW 100 200"), "\(output)")
        #expect(lines.contains("event STATUS_CLIENT BOOTSTRAP 100 done"), "\(output)")
    }

    /// Runs a script next to this file with /usr/bin/python3; returns stdout and stderr.
    static func runPython(_ script: String, arguments: [String]) async throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(script).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // On a Dispatch thread: blocking Swift's small cooperative pool would starve the
        // listener's backend tasks in this process.
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
