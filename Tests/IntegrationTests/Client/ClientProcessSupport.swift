import Foundation

/// Runs the helper programs the client tests use (curl, the Python SOCKS probe) off the
/// cooperative pool, each bounded in time.
enum ClientTools {
    /// The SOCKS probe next to this file.
    static let probeScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/socks_probe.py").path

    /// curl through `socks` with `flag` (`--socks5-hostname`, `--socks4a`, `--socks5`).
    static func curl(
        _ url: String, socks: String, flag: String = "--socks5-hostname", output: String? = nil,
        extra: [String] = [], maxTime: Int = 120
    ) async throws -> SocksClientProcess.Output {
        var arguments = ["--silent", "--show-error", "--max-time", "\(maxTime)", flag, socks]
        if let output { arguments += ["--output", output, "--write-out", "%{http_code}"] }
        arguments += extra + [url]
        let all = arguments
        return try await OffThread.run {
            try SocksClientProcess.run("/usr/bin/curl", all, timeout: .seconds(maxTime + 30))
        }
    }

    /// The probe's JSON answer for `arguments` (run with the system python3, which has stem).
    static func probe(_ arguments: [String], timeout: Int = 300) async throws -> [String: Any] {
        let output = try await OffThread.run {
            try SocksClientProcess.run("/usr/bin/python3", [probeScript] + arguments, timeout: .seconds(timeout))
        }
        guard output.status == 0, let data = output.stdout.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw TestNetworkError("socks_probe.py \(arguments.first ?? "") failed (\(output.status)): \(output.stderr)")
        }
        return object
    }
}
