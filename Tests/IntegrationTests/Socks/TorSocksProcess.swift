import Foundation

/// A real tor 0.4.9 client with two SOCKS ports on loopback and no reachable network: its
/// directory authority is a closed port on 127.0.0.1, so it never leaves the machine, but it
/// answers every SOCKS request it can judge without a circuit. The ground truth for our replies.
final class TorSocksProcess: @unchecked Sendable {
    let directory: URL
    let process = Process()
    /// A port with `ExtendedErrors`.
    let extendedPort: Int

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("socks-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        extendedPort = try SocksProbeSocket.freePort()
        let torrc = """
            DataDirectory \(directory.path)/data
            SocksPort 127.0.0.1:\(extendedPort) ExtendedErrors
            ControlPort 0
            DirAuthority fake orport=9 v3ident=0000000000000000000000000000000000000001 127.0.0.1:9 0000 0000 0000 0000 0000 0000 0000 0000 0000 0001
            UseDefaultFallbackDirs 0
            GeoIPFile /nonexistent
            GeoIPv6File /nonexistent
            Log notice file \(directory.path)/notice.log
            __OwningControllerProcess \(ProcessInfo.processInfo.processIdentifier)
            """
        let torrcURL = directory.appendingPathComponent("torrc")
        try torrc.write(to: torrcURL, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.torPath)
        process.arguments = ["-f", torrcURL.path, "--quiet"]
        try process.run()
        try waitForPort()
    }

    static var torPath: String {
        ["/usr/bin/tor", "/usr/sbin/tor", "/usr/local/bin/tor"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "/usr/bin/tor"
    }

    /// Polls the SOCKS port until tor accepts connections, for at most 30 seconds.
    private func waitForPort() throws {
        let clock = ContinuousClock()
        let end = clock.now + .seconds(30)
        while clock.now < end {
            guard process.isRunning else { break }
            if (try? SocksProbeSocket.exchange(port: extendedPort, steps: [[]], deadline: .milliseconds(1))) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw SocksProbeSocket.Failure(description: "tor did not open its SOCKS port within 30 s")
    }

    /// Stops exactly the tor this object started and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            let end = ContinuousClock.now + .seconds(10)
            while process.isRunning && ContinuousClock.now < end { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
