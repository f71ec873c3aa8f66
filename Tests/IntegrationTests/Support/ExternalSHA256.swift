import Foundation

/// SHA-256 computed by coreutils' `sha256sum`, an implementation independent of both the test
/// network's Python (which published the expected digests) and our own crypto.
enum ExternalSHA256 {
    /// The lowercase hex SHA-256 of `bytes`.
    static func hexDigest(of bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("torswift-sha256-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        try process.run()
        // One line of output: no risk of filling the pipe before the process ends.
        let line = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let digest = line.split(separator: " ").first, digest.count == 64
        else {
            throw TestNetworkError("sha256sum failed (\(process.terminationStatus)): \(line)")
        }
        return String(digest)
    }
}
