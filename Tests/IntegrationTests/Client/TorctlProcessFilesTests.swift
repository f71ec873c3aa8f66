import Foundation
import Testing

/// PidFile and ControlPortWriteToFile, as scripts and controllers use them to find a client
/// started with `ControlPort auto`: written once the client runs, removed when it exits cleanly.
@Suite(.timeLimit(.minutes(5)))
struct TorctlProcessFilesTests {
    /// The first line PROTOCOLINFO answers on 127.0.0.1:`port`, or nil.
    static func protocolInfo(port: Int) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("PROTOCOLINFO 1\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\r\n").first.map(String.init)
    }

    @Test func pidFileAndControlPortFileAreWrittenAndRemovedOnExit() async throws {
        let network = try await TestNetwork.shared()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("torctl-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidPath = directory.appendingPathComponent("tor.pid").path
        let portPath = directory.appendingPathComponent("control.port").path
        let client = try TorctlProcess(
            network: network, extra: "ControlPort auto\nPidFile \(pidPath)\nControlPortWriteToFile \(portPath)")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")

        let pid = try String(contentsOfFile: pidPath, encoding: .utf8)
        #expect(pid == "\(client.process.processIdentifier)\n")
        let lines = try String(contentsOfFile: portPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "one line per control listener: \(lines)")
        #expect(lines.contains("PORT=127.0.0.1:\(client.controlPort)"), "\(lines)")
        let ports = lines.compactMap { $0.hasPrefix("PORT=127.0.0.1:") ? Int($0.dropFirst("PORT=127.0.0.1:".count)) : nil }
        #expect(ports.count == 2)
        for port in ports {
            #expect(Self.protocolInfo(port: port) == "250-PROTOCOLINFO 1", "the listener on \(port) answers")
        }
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: portPath)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        #expect(await client.stop(signal: SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: pidPath), "PidFile is removed on a clean exit")
        #expect(!FileManager.default.fileExists(atPath: portPath), "ControlPortWriteToFile is removed on a clean exit")
    }
}
