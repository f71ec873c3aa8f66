import Circuit
import Directory
import NIOCore
import Testing
import TorClient
import TorCore

/// Conflux with a real tor 0.4.9 exit (proposal 329): two circuits with congestion control,
/// through one guard and two middles to the same exit, linked with CONFLUX_LINK / LINKED /
/// LINKED_ACK; the exit then spreads a stream's data over both legs and the set puts it back
/// in order.
@Suite(.timeLimit(.minutes(10)))
struct CircuitTestsConflux {
    /// A linked pair: the congestion-controlled circuit of ``CircuitTestsCongestionControl``
    /// and a second leg over the same channel, through another middle, to the same exit.
    static func linkedPair(
        _ network: CircuitTestNetwork
    ) async throws -> (primary: CircuitHandle, second: CircuitHandle, channels: ChannelManager) {
        let (primary, channels, _) = try await CircuitTestsCongestionControl.circuit(network)
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        let path = primary.path
        let middle = try #require(network.middles.first {
            $0.nickname != network.guards[0].nickname && network.target($0.nickname).fingerprint != path[1].fingerprint
        })
        let second = try await builder.build(path: [path[0], network.target(middle.nickname), path[2]])
        #expect(await second.congestionControl() != nil, "conflux legs need congestion control")
        try await primary.linkConflux(with: [second], timeout: .seconds(30))
        return (primary, second, channels)
    }

    @Test func aRealExitLinksTwoLegsAndSpreadsFiftyMebibytesOverBoth() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (primary, second, channels) = try await Self.linkedPair(network)
        defer { Task { await channels.closeAll() } }
        #expect(await primary.confluxLegCount() == 2)
        #expect(await second.confluxLegCount() == 2)
        let file = try #require(network.info.http.file("/50M"))
        let http = network.info.http
        let started = ContinuousClock.now
        let stream = try await primary.openStream(host: http.address, port: UInt16(http.port))
        let download = try await StreamHTTP.download(stream, host: http.address, port: http.port, path: "/50M")
        let elapsed = ContinuousClock.now - started
        #expect(download.status == 200)
        #expect(download.bodyBytes == file.size)
        #expect(download.sha256 == file.sha256, "the set put both legs' cells back in order")
        let onPrimary = await primary.receivedDataCellCount()
        let onSecond = await second.receivedDataCellCount()
        #expect(onPrimary > 0 && onSecond > 0, "the exit sent data on both legs: \(onPrimary) and \(onSecond) cells")
        #expect(onPrimary + onSecond >= file.size / RelayCell.maximumDataLength)
        let primaryOpen = await primary.isOpen(), secondOpen = await second.isOpen()
        let bothOpen = primaryOpen && secondOpen
        #expect(bothOpen, "the exit accepted every SENDME on both legs")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("50 MiB over a conflux pair in \(elapsed) (\(Double(file.size) / seconds / 1e6) MB/s): "
            + "\(onPrimary) cells on the first leg, \(onSecond) on the second")
    }

    @Test func closingThePrimaryLegClosesTheSet() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (primary, second, channels) = try await Self.linkedPair(network)
        defer { Task { await channels.closeAll() } }
        primary.close()
        let error = try await second.closeFuture.get()
        #expect(error.code == .circuitClosed, "\(error)")
        #expect(await !second.isOpen())
    }

    /// A set that has carried nothing loses its second leg: a 0.4.9 exit keeps such a set
    /// (it tears one down only when the closed leg had data in flight, the highest sequence
    /// number or the exit's current sending role), and so does the client; the primary's
    /// streams then go on alone. After traffic, which leg carried the last cell is the exit's
    /// choice, so only the idle case has one right answer.
    @Test func anIdlePairThatLosesItsSecondLegServesOnThePrimary() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (primary, second, channels) = try await Self.linkedPair(network)
        defer { Task { await channels.closeAll() } }
        let http = network.info.http
        second.close()
        _ = try await second.closeFuture.get()
        try await Task.sleep(for: .milliseconds(500))  // the exit handles the DESTROY
        #expect(await primary.isOpen(), "the primary outlives its idle second leg")
        #expect(await primary.confluxLegCount() == 1)
        let after = try await primary.openStream(host: http.address, port: UInt16(http.port))
        let download = try await StreamHTTP.download(after, host: http.address, port: http.port, path: "/1M")
        #expect(download.status == 200)
        #expect(download.sha256 == http.file("/1M")?.sha256, "the set goes on in order on one leg")
        #expect(await primary.isOpen())
    }

    @Test func circuitsWithoutCongestionControlAreNotLinked() async throws {
        let network = try await CircuitTestNetwork.shared()
        let (first, channels) = try await CircuitTestsStreams.circuit(network)
        defer { Task { await channels.closeAll() } }
        let (other, _) = try await CircuitTestsStreams.circuit(network)
        defer { other.close() }
        let error = await #expect(throws: CircuitError.self) { try await first.linkConflux(with: [other], timeout: .seconds(5)) }
        #expect(error?.code == .confluxLink)
        #expect(await first.isOpen(), "a refused link leaves the circuits as they were")
    }

    /// The client's own source with the defaults (`CongestionControl auto`, `ConfluxEnabled
    /// auto`): the network's consensus lists neither cc_alg nor cfx_enabled, so every exit
    /// circuit negotiates congestion control and gets a second leg, and it still reaches the
    /// exit's own process.
    @Test func theClientsCircuitSourceLinksAPairByDefault() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let stack = try PathsStack.make(configuration, conflux: .automatic)
        defer { Task { await stack.close() } }
        try await stack.service.bootstrap()
        let view = try #require(await stack.service.store.current)
        #expect(view.parameters["cfx_enabled"] == nil && view.parameters["cc_alg"] == nil)
        let built = try await stack.source.buildCircuit(exitPort: UInt16(network.http.port))
        defer { built.handle.close() }
        #expect(await built.handle.congestionControl() != nil)
        #expect(await built.handle.confluxLegCount() == 2)
        try await stack.expectVerifiedCircuit(built, network: network)
    }

    @Test func confluxEnabledZeroBuildsSingleCircuits() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let stack = try PathsStack.make(configuration, conflux: .off)
        defer { Task { await stack.close() } }
        try await stack.service.bootstrap()
        let built = try await stack.source.buildCircuit(exitPort: UInt16(network.http.port))
        defer { built.handle.close() }
        #expect(await built.handle.confluxLegCount() == 0)
        #expect(await built.handle.congestionControl() == nil, "auto keeps fixed windows for a lone circuit")
    }
}
