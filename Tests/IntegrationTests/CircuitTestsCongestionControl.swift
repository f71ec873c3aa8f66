import Circuit
import Directory
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorClient
import TorCore

/// Congestion control with a real tor 0.4.9 exit (prop 324 4, 10; proposal 332): negotiation
/// over ntor v3, SENDMEs every sendme_inc cells, XON/XOFF instead of stream windows, and the
/// Vegas sender on uploads.
@Suite(.timeLimit(.minutes(10)))
struct CircuitTestsCongestionControl {
    /// A fresh 3-hop circuit whose exit is asked for congestion control with the parameters of
    /// the network's own consensus, after checking that the exit advertises FlowCtrl=2 and
    /// Relay=4 (prop 324 10.1).
    static func circuit(
        _ network: CircuitTestNetwork
    ) async throws -> (CircuitHandle, ChannelManager, CongestionControlParameters) {
        let consensus = try MicrodescConsensus(parsing: try await network.info.fetchDirectoryDocument(
            path: "/tor/status-vote/current/consensus-microdesc", from: network.info.authorities[0]))
        let exit = network.info.exits[0]
        let status = try #require(consensus.routers.first { $0.rsaIdentity == exit.rsaIdentityDigest })
        let protocols = try #require(status.protocols)
        #expect(protocols.supports("FlowCtrl", version: 2), "exit protocols: \(protocols)")
        #expect(protocols.supports("Relay", version: 4), "exit protocols: \(protocols)")
        let parameters = CongestionControlParameters(consensus: consensus.parameters)
        var exitTarget = network.target(exit.nickname)
        exitTarget.congestionControl = parameters

        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: .seconds(30))
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        let guardRelay = network.guards[0]
        let middle = network.middles.first { $0.nickname != guardRelay.nickname }!
        let circuit = try await builder.build(path: [
            network.target(guardRelay.nickname), network.target(middle.nickname), exitTarget,
        ])
        return (circuit, channels, parameters)
    }

    @Test func aRealExitNegotiatesCongestionControl() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels, parameters) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        // The network's consensus lists no cc_ parameters; tor 0.4.9 then runs Vegas with
        // sendme_inc 31 and answers our request with it.
        let agreement = try #require(await circuit.congestionControl())
        #expect(agreement.sendmeIncrement == Int(parameters.sendmeIncrement))
        print("exit agreed to congestion control with sendme_inc \(agreement.sendmeIncrement)")
        let http = network.info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        #expect(await stream.flowControl() != nil, "streams of a CC circuit use XON/XOFF")
        let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/small")
        #expect(response.status == 200)
        #expect(response.body.count == http.file("/small")?.size)
    }

    @Test func aCircuitWithoutTheRequestKeepsFixedWindows() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels) = try await CircuitTestsStreams.circuit(network)
        defer { Task { await channels.closeAll() } }
        #expect(await circuit.congestionControl() == nil)
        let http = network.info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        #expect(await stream.flowControl() == nil)
    }

    @Test func fiftyMebibytesOverCongestionControlArriveBitExact() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels, _) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let file = try #require(network.info.http.file("/50M"))
        let http = network.info.http
        let started = ContinuousClock.now
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let download = try await StreamHTTP.download(stream, host: http.address, port: http.port, path: "/50M")
        let elapsed = ContinuousClock.now - started
        #expect(download.status == 200)
        #expect(download.bodyBytes == file.size)
        #expect(download.sha256 == file.sha256)
        #expect(await circuit.isOpen(), "the exit accepted every SENDME we sent")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("50 MiB over congestion control in \(elapsed): \(Double(file.size) / seconds / 1e6) MB/s")
    }

    @Test func aReaderThatStopsCausesAnXoffAndTheDownloadCompletes() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels, parameters) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let file = try #require(network.info.http.file("/50M"))
        let http = network.info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let inbound = stream.inbound()
        try await stream.write(ByteBuffer(string: "GET /50M HTTP/1.0\r\nHost: \(http.address):\(http.port)\r\n\r\n"))
        let digest = RunningDigest(.sha256)
        var head: [UInt8] = []
        var bodyStarted = false
        var bodyBytes = 0
        var paused = false
        for try await buffer in inbound {
            if bodyStarted {
                digest.update(buffer)
                bodyBytes += buffer.readableBytes
            } else {
                head.append(contentsOf: buffer.readableBytesView)
                if let end = head.firstRange(of: Array("\r\n\r\n".utf8)) {
                    #expect(String(decoding: head[..<end.lowerBound], as: UTF8.self).hasPrefix("HTTP/1.1 200"))
                    let rest = Array(head[end.upperBound...])
                    digest.update(rest)
                    bodyBytes += rest.count
                    bodyStarted = true
                }
            }
            if !paused, bodyBytes > 1 << 20 {
                // Stop reading for a while: the exit keeps sending until our XOFF reaches it.
                paused = true
                try await Task.sleep(for: .seconds(4))
                let during = try #require(await stream.flowControl())
                // An XOFF is in force while the reader sleeps (an earlier XOFF/XON pair may
                // come from a moment the reader fell behind before it stopped, under load).
                #expect(during.isXoffSent, "an XOFF for a reader that stopped")
                #expect(during.xoffCount == during.xonCount + 1)
                #expect(during.largestQueuedBytes > parameters.xoffClientBytes)
                #expect(during.largestQueuedBytes <= during.maximumQueuedBytes)
                print("queued at most \(during.largestQueuedBytes) bytes while the reader slept")
            }
        }
        #expect(paused)
        #expect(bodyBytes == file.size)
        #expect(Hex.encode(digest.digestSoFar()).lowercased() == file.sha256)
        let after = try #require(await stream.flowControl())
        #expect(after.xonCount >= 1, "the drained reader sent XON")
        #expect(await circuit.isOpen())
    }

    @Test func anUploadThroughCongestionControlArrivesIntact() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (circuit, channels, parameters) = try await Self.circuit(network)
        defer { Task { await channels.closeAll() } }
        let http = network.info.http
        let size = 4 << 20
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let inbound = stream.inbound()
        try await stream.write(ByteBuffer(string:
            "POST /upload HTTP/1.0\r\nHost: \(http.address):\(http.port)\r\nContent-Length: \(size)\r\n\r\n"))
        let digest = RunningDigest(.sha256)
        let chunkSize = 64 << 10
        for offset in stride(from: 0, to: size, by: chunkSize) {
            let chunk = (offset..<(offset + chunkSize)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 13)) }
            digest.update(chunk)
            try await stream.write(ByteBuffer(bytes: chunk))
        }
        let body = try await inbound.collect(upTo: 1 << 16)
        let response = try LoopbackHTTP.parse(Array(body.readableBytesView), url: "tor://upload")
        #expect(response.status == 200)
        let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(answer?["length"] as? Int == size)
        #expect(answer?["sha256"] as? String == Hex.encode(digest.digestSoFar()).lowercased())
        let window = try #require(await circuit.congestionWindow())
        #expect(window.smoothedRTT > 0, "SENDMEs from the exit measured round trips")
        #expect(window.window != Int(parameters.initialWindow) || !window.isInSlowStart, "Vegas moved")
        print("after the upload: cwnd \(window.window), RTT \(window.smoothedRTT) us, slow start \(window.isInSlowStart)")
    }

    /// With `CongestionControl 1` the client's own source asks the network's exits (its
    /// consensus lists no cc_alg, which tor 0.4.9 reads as Vegas).
    @Test func theClientsCircuitSourceNegotiatesWithTheNetworksExits() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let stack = try PathsStack.make(configuration, congestionControl: .on)
        defer { Task { await stack.close() } }
        try await stack.service.bootstrap()
        let built = try await stack.source.buildCircuit(exitPort: UInt16(network.http.port))
        defer { built.handle.close() }
        let exit = try #require(built.exit)
        #expect(exit.supportsCongestionControl, "tor 0.4.9 exits list FlowCtrl=2 and Relay=4")
        let agreement = try #require(await built.handle.congestionControl())
        #expect(agreement.sendmeIncrement == 31)
        try await stack.expectVerifiedCircuit(built, network: network)
    }

    /// With the default `CongestionControl auto`, a consensus that does not list cc_alg gets
    /// fixed windows (prop 324 10.1), though the exit could negotiate.
    @Test func byDefaultAConsensusWithoutCcAlgKeepsFixedWindows() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let stack = try PathsStack.make(configuration)
        defer { Task { await stack.close() } }
        try await stack.service.bootstrap()
        let view = try #require(await stack.service.store.current)
        #expect(view.parameters["cc_alg"] == nil, "the private network's consensus lists no cc_alg")
        let built = try await stack.source.buildCircuit(exitPort: UInt16(network.http.port))
        defer { built.handle.close() }
        #expect(try #require(built.exit).supportsCongestionControl)
        #expect(await built.handle.congestionControl() == nil)
        try await stack.expectVerifiedCircuit(built, network: network)
    }
}
