import Foundation

/// Runs `scripts/testnet` (the Python script that owns the private network) and waits for it,
/// bounded in time.
enum TestNetworkScript {
    /// The repository root, found from this file's place in `Tests/IntegrationTests/Support/`.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static var scriptPath: String { repositoryRoot.appendingPathComponent("scripts/testnet").path }

    /// Where `start` keeps node keys between test runs (under `.build`, so git ignores it):
    /// reusing them saves generating 11 RSA keys per run.
    static var keyCachePath: String { repositoryRoot.appendingPathComponent(".build/testnet-keys").path }

    /// What one run of the script did.
    struct Outcome: Sendable {
        let status: Int32
        /// Its stdout and stderr, interleaved.
        let output: String
    }

    /// Runs `python3 scripts/testnet ARGUMENTS`, killing it if it outlives `timeout` (the
    /// script stops whatever it started when it gets SIGTERM).
    static func run(_ arguments: [String], timeout: Duration) async throws -> Outcome {
        let outputURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("torswift-testnet-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw TestNetworkError("cannot create \(outputURL.path) for the script's output")
        }
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        defer { try? outputHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outputHandle
        process.standardError = outputHandle
        try process.run()

        // The script's children get their own stdio, so the script's exit is the end of it.
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var timedOut = false
        while process.isRunning {
            if clock.now >= deadline, !timedOut {
                timedOut = true
                process.terminate()
            }
            if clock.now >= deadline + .seconds(30) {
                kill(process.processIdentifier, SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.waitUntilExit()
        let output = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        if timedOut {
            throw TestNetworkError(
                "scripts/testnet \(arguments.first ?? "") ran longer than \(timeout); output:\n\(output)")
        }
        return Outcome(status: process.terminationStatus, output: output)
    }
}

/// A failure of the test-network harness, with what to look at.
struct TestNetworkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
