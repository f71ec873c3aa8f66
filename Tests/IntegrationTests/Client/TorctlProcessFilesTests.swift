import Foundation
import Testing

/// PidFile and ControlPortWriteToFile, as scripts and controllers use them to find a client
/// started with `ControlPort auto`: written once the client runs, removed when it exits cleanly.
@Suite(.timeLimit(.minutes(5)))
struct TorctlProcessFilesTests {
    /// The first line PROTOCOLINFO answers on 127.0.0.1:`port` (QUIT then ends the session).
    static func protocolInfo(port: Int) throws -> String? {
        let answer = try SocksProbeSocket.exchange(port: port, steps: [Array("PROTOCOLINFO 1\r\nQUIT\r\n".utf8)])
        return String(decoding: answer.received, as: UTF8.self).split(separator: "\r\n").first.map(String.init)
    }

    @Test func pidFileAndControlPortFileAreWrittenAndRemovedOnExit() async throws {
        let network = try await TestNetwork.shared()
        let directory = try TorctlProcess.temporaryDirectory("torctl-files")
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
            #expect(try Self.protocolInfo(port: port) == "250-PROTOCOLINFO 1", "the listener on \(port) answers")
        }
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: portPath)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        #expect(await client.stop(signal: SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: pidPath), "PidFile is removed on a clean exit")
        #expect(!FileManager.default.fileExists(atPath: portPath), "ControlPortWriteToFile is removed on a clean exit")
    }
}
