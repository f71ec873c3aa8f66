import Circuit
import Directory
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
import TorClient
import TorCore

/// The client's own directory-to-circuit stack over the private network, as `torctl run` wires
/// it: a ``DirectoryService`` that bootstraps into a ``NetworkViewStore`` and a
/// ``GuardManager``, and a ``NetworkCircuitSource`` that builds circuits from the store.
struct PathsStack {
    let bootstrapper: DirectoryBootstrapper
    let service: DirectoryService
    let guards: GuardManager
    let channels: ChannelManager
    let source: NetworkCircuitSource
    let progress: BootstrapProgress

    /// No relay of the private network shares a /16 with none other: all are on 127.0.0.1.
    static let restrictions = PathRestrictions(enforceDistinctSubnets: false)

    /// A stack over `configuration` (its DataDirectory holds the cache and the guard state).
    static func make(
        _ configuration: BootstrapConfiguration, transport: any DirectoryTransport = FallbackDirectoryTransport.standard(),
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        serviceNow: @escaping @Sendable () -> Int64 = DirectoryBootstrapper.systemNow,
        retry: RetryPolicy = DirectoryService.defaultRetry, congestionControl: CongestionControlMode = .automatic,
        conflux: ConfluxMode = .off,
        logger: Logger = Logger(label: "paths-test")
    ) throws -> PathsStack {
        let dataDirectory = try #require(configuration.dataDirectory)
        let progress = BootstrapProgress(logger: logger)
        let bootstrapper = DirectoryBootstrapper(
            configuration: configuration, transport: transport, progress: progress, random: random, logger: logger)
        let guards = GuardManager(dataDirectory: dataDirectory, restrictions: restrictions)
        let service = DirectoryService(bootstrapper: bootstrapper, guards: guards, now: serviceNow, retry: retry, logger: logger)
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: .seconds(10))
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        let source = NetworkCircuitSource(
            store: service.store, guards: guards, builder: builder, restrictions: restrictions, progress: progress,
            congestionControl: congestionControl, conflux: conflux, logger: logger)
        return PathsStack(
            bootstrapper: bootstrapper, service: service, guards: guards, channels: channels, source: source, progress: progress)
    }

    /// Checks that `built` came from the store's verified view and its guard from the guard
    /// manager, then fetches /echo-peer over it and checks the exit's own process answered.
    func expectVerifiedCircuit(_ built: BuiltCircuit, network: TestNetworkInfo) async throws {
        let view = try #require(await service.store.current)
        #expect(built.relays.count == 3)
        #expect(built.handle.path.map(\.fingerprint) == built.relays.map(\.breakerKey))
        for relay in built.relays {
            // Equal in every field to the view's entry: address, ports, flags, keys, policy.
            #expect(view.relay(rsaIdentity: relay.rsaIdentity) == relay, "\(relay) is not in the verified view")
        }
        #expect(Set(built.relays.map(\.rsaIdentity)).count == 3)
        let entry = try #require(built.relays.first)
        #expect(await guards.sampledGuards.contains { $0.identity == entry.rsaIdentity }, "the guard was not sampled by the guard manager")
        #expect(await guards.confirmedGuards.contains(entry.rsaIdentity), "a used guard is confirmed (guard-spec 4.3)")

        let http = network.http
        let exit = try #require(built.exit)
        let exitProcess = try #require(network.relays.first { $0.rsaFingerprint == exit.breakerKey })
        let stream = try await built.handle.openStream(host: http.address, port: UInt16(http.port))
        let response = try await StreamHTTP.get(stream, host: http.address, port: http.port, path: "/echo-peer")
        #expect(response.status == 200)
        let peer = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(response.body))
        #expect(peer.pid == exitProcess.pid, "the request must come from \(exitProcess.nickname)'s process")
    }

    /// Closes the pooled channels.
    func close() async {
        await channels.closeAll()
    }
}
