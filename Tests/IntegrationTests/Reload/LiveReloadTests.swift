import Circuit
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorClient
import TorCore

/// A torrc edit applied to a client moving real traffic through tor 0.4.9 relays: the cell
/// buffers and the channel pool take the new settings, and a stream opened before the reload
/// carries its data bit-exact after it.
@Suite(.timeLimit(.minutes(10)))
struct LiveReloadTests {
    @Test func bufferAndChannelPoolSettingsReloadUnderTraffic() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await CircuitTestsStreams.circuit(network)
        defer { Task { await channels.closeAll() } }
        let http = network.info.http
        let file = try #require(http.file("/1M"))

        let directory = NSTemporaryDirectory() + "torreload-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let torrc = directory + "/torrc"
        try "EnableBufferPooling 1\n".write(toFile: torrc, atomically: false, encoding: .utf8)
        let (running, _) = try TorConfiguration.load(path: torrc)
        let reloader = ConfigurationReloader(path: torrc, configuration: running)
        await reloader.registerCellBuffers()
        await reloader.registerChannelPool(channels)
        defer { CellBufferPool.isEnabled = true }

        let before = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        try "EnableBufferPooling 0\nConnectionPoolMaxIdle 30 seconds\n".write(toFile: torrc, atomically: false, encoding: .utf8)
        guard case .applied(let plan) = await reloader.reload(trigger: .signal) else {
            Issue.record("the edited torrc must be applied")
            return
        }
        #expect(plan.changes.map(\.description) == [
            "ConnectionPoolMaxIdle 5 minutes -> 30 seconds", "EnableBufferPooling 1 -> 0",
        ])
        #expect(CellBufferPool.isEnabled == false)

        let after = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        for stream in [before, after] {
            let download = try await StreamHTTP.download(stream, host: http.address, port: http.port, path: "/1M")
            #expect(download.status == 200)
            #expect(download.sha256 == file.sha256)
        }
    }
}
