import Circuit
import Foundation
import NIOCore
import NIOPosix
import SocksServer
import Testing
import TorCore

/// End to end: curl speaks SOCKS5 to our listener, whose delegate opens a stream on our circuit
/// through real relays and glues it into the SOCKS connection with ``TorStreamRelayHandler``
/// (the listener's connections live on another event loop than the circuit).
@Suite(.timeLimit(.minutes(5)))
struct CircuitTestsSocks {
    /// A delegate that carries CONNECT over one circuit and maps a refusal's END reason.
    static func delegate(_ circuit: CircuitHandle) -> AsyncSocksRequestDelegate {
        AsyncSocksRequestDelegate { request, _ in
            guard request.command == .connect else { return .failed(.commandNotSupported) }
            do {
                let stream = try await circuit.openStream(host: request.target.description, port: request.port)
                if request.optimisticData.readableBytes > 0 { try await stream.write(request.optimisticData) }
                return .connected(installRelay: { pipeline in try pipeline.addHandler(stream.makeRelayHandler()) })
            } catch let error as CircuitError {
                return .failed(endReason: error.endReason?.rawValue ?? EndReason.misc.rawValue)
            }
        }
    }

    @Test func curlThroughOurSocksPortAndCircuitGetsTheFileBitExact() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await CircuitTestsStreams.circuit(network, exit: network.info.exits[1])
        defer { Task { await channels.closeAll() } }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let listener = try await SocksListener.bind(
            port: 0, group: group, delegate: Self.delegate(circuit),
            handshakeTimeout: .seconds(10), requestTimeout: .seconds(30))
        let socksPort = try #require(listener.localAddress?.port)
        let http = network.info.http
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("torswift-socks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        do {
            let download = try await OffThread.run {
                try SocksClientProcess.run(
                    "/usr/bin/curl",
                    ["--silent", "--show-error", "--max-time", "60", "--socks5-hostname", "127.0.0.1:\(socksPort)",
                     "--output", output.path, "--write-out", "%{http_code}", "http://\(http.address):\(http.port)/1M"],
                    timeout: .seconds(90))
            }
            #expect(download.stdout == "200", "\(download.stderr)")
            let body = try [UInt8](Data(contentsOf: output))
            #expect(body.count == http.file("/1M")?.size)
            #expect(try ExternalSHA256.hexDigest(of: body) == http.file("/1M")?.sha256)

            let peer = try await OffThread.run {
                try SocksClientProcess.run(
                    "/usr/bin/curl",
                    ["--silent", "--show-error", "--max-time", "30", "--socks5-hostname", "127.0.0.1:\(socksPort)",
                     "http://\(http.address):\(http.port)/echo-peer"])
            }
            let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(peer.stdout.utf8))
            #expect(echo.pid == network.info.exits[1].pid, "curl's request left the network at the circuit's exit")

            let refused = try await OffThread.run {
                try SocksClientProcess.run(
                    "/usr/bin/curl",
                    ["--silent", "--show-error", "--max-time", "30", "--socks5-hostname", "127.0.0.1:\(socksPort)",
                     "http://[::1]:80/"])
            }
            #expect(refused.status != 0)
            // curl prints the SOCKS5 reply code: EXITPOLICY maps to X'02', not allowed by ruleset.
            #expect(refused.stderr.contains("(2)"), "\(refused.stderr)")
        } catch {
            try? await listener.close()
            try? await group.shutdownGracefully()
            throw error
        }
        try await listener.close()
        try await group.shutdownGracefully()
    }
}
