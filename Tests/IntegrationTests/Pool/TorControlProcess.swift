import Foundation

/// A real tor 0.4.9 client on the private network with only a control port, the ground truth
/// for how circuit-status lines look. Stops with this object, or with the test process
/// (`__OwningControllerProcess`).
final class TorControlProcess: @unchecked Sendable {
    let directory: URL
    let process = Process()
    let controlPort: Int

    init(network: TestNetworkInfo) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pool-control-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        controlPort = try SocksProbeSocket.freePort()
        let base = try String(contentsOfFile: network.clientTorrcPath, encoding: .utf8)
        let torrc = base + """

            DataDirectory \(directory.path)/data
            SocksPort 0
            ControlPort 127.0.0.1:\(controlPort)
            Log notice file \(directory.path)/notice.log
            __OwningControllerProcess \(ProcessInfo.processInfo.processIdentifier)

            """
        let torrcURL = directory.appendingPathComponent("torrc")
        try torrc.write(to: torrcURL, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: TorSocksProcess.torPath)
        process.arguments = ["-f", torrcURL.path, "--quiet"]
        try process.run()
    }

    /// Sends `AUTHENTICATE` and `command` and returns everything tor answered within `wait`.
    func exchange(_ command: String, wait: Duration = .seconds(2)) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestNetworkError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(controlPort).bigEndian
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw TestNetworkError("control port not open yet: \(errno)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("AUTHENTICATE\r\n\(command)\r\nQUIT\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let end = ContinuousClock.now + wait
        while ContinuousClock.now < end {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            if count > 0 { reply += buffer[0..<count] }
        }
        return String(decoding: reply, as: UTF8.self)
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
