import Circuit
import Directory
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TorCore
import TorClient

/// A ``CircuitSource`` over the private network for the pool's tests: guard, middle and exit
/// taken in turn from the network's relays (so successive circuits differ), built with the
/// Circuit module's ``CircuitBuilder``. Relays are the Directory module's ``Relay`` values made
/// from an authority's microdesc consensus and microdescriptors, so the pool sees the exits'
/// real policy summaries.
final class PoolTestCircuitSource: CircuitSource {
    let network: CircuitTestNetwork
    let channels: ChannelManager
    let builder: CircuitBuilder
    /// Directory relays by nickname.
    let relays: [String: Relay]
    private let turn = Mutex(0)
    private let counts = Mutex((builds: 0, ports: [UInt16?]()))

    private init(network: CircuitTestNetwork, relays: [String: Relay]) {
        self.network = network
        self.relays = relays
        self.channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: .seconds(30))
        self.builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
    }

    /// A source over the shared network.
    static func make() async throws -> PoolTestCircuitSource {
        let network = try await CircuitTestNetwork.shared()
        let authority = network.info.authorities[0]
        let consensus = try MicrodescConsensus(parsing: try await network.info.fetchDirectoryDocument(
            path: "/tor/status-vote/current/consensus-microdesc", from: authority))
        let digests = consensus.routers.map(\.microdescriptorDigest.base64).sorted().joined(separator: "-")
        let batch = try MicrodescriptorBatch(parsing: try await network.info.fetchDirectoryDocument(
            path: "/tor/micro/d/\(digests)", from: authority))
        var relays: [String: Relay] = [:]
        for status in consensus.routers {
            guard let descriptor = batch.descriptors.first(where: { $0.digest == status.microdescriptorDigest }),
                let relay = Relay(status: status, microdescriptor: descriptor)
            else { continue }
            relays[relay.nickname] = relay
        }
        return PoolTestCircuitSource(network: network, relays: relays)
    }

    /// How many builds were asked for, and for which ports.
    var requests: (builds: Int, ports: [UInt16?]) { counts.withLock { $0 } }

    func buildCircuit(exitPort: UInt16?) async throws -> BuiltCircuit {
        counts.withLock { $0.builds += 1; $0.ports.append(exitPort) }
        let index = turn.withLock { value in
            value += 1
            return value
        }
        let exits = network.info.exits.compactMap { relays[$0.nickname] }
            .filter { exitPort.map($0.allowsExit(toPort:)) ?? $0.isExit }
        guard !exits.isEmpty else { throw TestNetworkError("no exit in the consensus allows port \(String(describing: exitPort))") }
        let guards = network.guards
        let firstHop = guards[index % guards.count]
        let middles = network.middles.filter { $0.nickname != firstHop.nickname }
        let middle = middles[index % middles.count]
        let exit = exits[index % exits.count]
        guard let guardRelay = relays[firstHop.nickname], let middleRelay = relays[middle.nickname] else {
            throw TestNetworkError("the consensus lacks \(firstHop.nickname) or \(middle.nickname)")
        }
        let handle = try await builder.build(path: [
            network.target(firstHop.nickname), network.target(middle.nickname), network.target(exit.nickname),
        ])
        return BuiltCircuit(handle: handle, relays: [guardRelay, middleRelay, exit])
    }
}
