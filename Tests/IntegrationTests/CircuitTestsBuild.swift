import Circuit
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorCore

/// 3-hop circuits through the private network's real tor 0.4.9 relays: CREATE2/ntor to the
/// guard, EXTEND2/ntor in RELAY_EARLY to the middle and the exit, then streams to the HTTP
/// test server, which reports the process that connected to it.
@Suite(.timeLimit(.minutes(5)))
struct CircuitTestsBuild {
    static let timeout = TimeAmount.seconds(30)

    @Test func everyExitCarriesAStreamThatTheServerSeesComingFromThatExit() async throws {
        let network = try await CircuitTestNetwork.shared()
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: Self.timeout)
        defer { Task { await channels.closeAll() } }
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        let guardRelay = network.guards[0]
        let middle = network.middles.first { $0.nickname != guardRelay.nickname }!
        #expect(network.info.exits.count == 2)
        for exit in network.info.exits {
            let circuit = try await builder.build(path: [
                network.target(guardRelay.nickname), network.target(middle.nickname), network.target(exit.nickname),
            ])
            #expect(circuit.path.count == 3)
            #expect(circuit.id.rawValue & CircuitID.initiatorBit != 0)
            let http = network.info.http
            let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
            let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/echo-peer")
            #expect(response.status == 200)
            let peer = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(response.body))
            #expect(peer.pid == exit.pid, "the request must come from \(exit.nickname)'s process")
            #expect(peer.isExit == true)
            #expect(peer.exitNickname == exit.nickname)
            circuit.close()
        }
        // Both circuits started at the same guard: one pooled channel carried them.
        #expect(await channels.channelCount == 1)
    }

    /// A first hop whose onion key is unknown gets CREATE_FAST (tor-spec 5.1.5): KDF-TOR keys
    /// that the guard accepts, and the rest of the circuit extends over them as usual.
    @Test func aCreateFastFirstHopCarriesACircuitToTheExit() async throws {
        let network = try await CircuitTestNetwork.shared()
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: Self.timeout)
        defer { Task { await channels.closeAll() } }
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        var guardTarget = network.target(network.guards[1].nickname)
        guardTarget.ntorOnionKey = nil
        let middle = network.middles.first { $0.nickname != network.guards[1].nickname }!
        let exit = network.info.exits[1]
        let circuit = try await builder.build(path: [guardTarget, network.target(middle.nickname), network.target(exit.nickname)])
        let http = network.info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/echo-peer")
        let peer = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(response.body))
        #expect(peer.pid == exit.pid)
        circuit.close()
    }
}

/// What the test server's /echo-peer reports about the connecting process.
struct ExitEchoPeer: Decodable {
    let pid: Int32?
    let isExit: Bool
    let exitNickname: String?

    private enum CodingKeys: String, CodingKey {
        case pid
        case isExit = "is_exit"
        case exitNickname = "exit_nickname"
    }
}
