import Foundation
import NIOConcurrencyHelpers

/// Runs the built `torctl` executable (next to the test binary) and captures its output.
struct TorctlProcess {
    /// What one run produced.
    struct Result {
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// How long one run may take before it is terminated (and the test fails on its output).
    static let runLimit: Duration = .seconds(30)

    /// `torctl` in the directory of the running test binary (resolved from /proc/self/exe).
    static var executable: String {
        get throws {
            let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            var url = URL(fileURLWithPath: binary).deletingLastPathComponent()
            // swift test runs .../debug/TorSwiftPackageTests.xctest; torctl sits in .../debug.
            while !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("torctl").path) && url.path != "/" {
                url = url.deletingLastPathComponent()
            }
            return url.appendingPathComponent("torctl").path
        }
    }

    /// Starts `torctl arguments…` with `environment` added; the caller waits with ``finish(_:)``.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["HOME"] = NSTemporaryDirectory() + "torctl-home-none"  // no ~/.torrc of the machine's user
        merged.removeValue(forKey: "TORCTL_PASSWORD")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    /// Waits (bounded by ``runLimit``) and collects the output.
    static func finish(_ started: (Process, Pipe, Pipe)) async -> Result {
        let (process, output, error) = started
        let watchdog = Task {
            try await Task.sleep(for: runLimit)
            if process.isRunning { process.terminate() }
        }
        // Blocking reads run on Dispatch threads: blocking the few threads of Swift's
        // cooperative pool would starve the listener's backend tasks in this same process.
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            DispatchQueue.global().async {
                let errorData = NIOLockedValueBox(Data())
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    let data = error.fileHandleForReading.readDataToEndOfFile()
                    errorData.withLockedValue { $0 = data }
                    group.leave()
                }
                let out = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: Result(
                    exitCode: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
                    standardError: String(decoding: errorData.withLockedValue { $0 }, as: UTF8.self)))
            }
        }
        watchdog.cancel()
        return result
    }

    /// Runs `torctl arguments…` to the end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        await finish(try start(arguments, environment: environment))
    }
}
