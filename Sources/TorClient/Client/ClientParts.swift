import Circuit
import Directory
import Logging
import NIOCore
import TorCore

/// The long-lived components of a running client, made once from the configuration.
struct ClientParts: Sendable {
    /// Channels to relays, shared by circuits through the same first hop.
    let channels: ChannelManager
    /// Entry guards, saved in DataDirectory/state.
    let guards: GuardManager
    /// The verified network view circuits are chosen from.
    let store: NetworkViewStore
    /// Bootstraps and refreshes the directory into `store`.
    let directory: DirectoryService
    /// Chooses paths and builds circuits.
    let source: NetworkCircuitSource
    /// Circuits ready for streams.
    let pool: CircuitPool
    /// Builds circuits for the source, through per-relay breakers.
    let builder: CircuitBuilder
    /// The reloadable settings in force for new streams' isolation.
    let settings: LiveStreamIsolation
    /// MapAddress and MAPADDRESS: where SOCKS requests really go.
    let addressMap: AddressMap
    /// Watches the torrc and applies edits; nil when the client runs without a torrc file.
    let reloader: ConfigurationReloader?

    /// How long a TCP connection to a relay may take before that relay is given up on.
    static let relayConnectTimeout: TimeAmount = .seconds(10)

    init(
        configuration: TorConfiguration, configurationPath: String?, dataDirectory: String, group: any EventLoopGroup,
        progress: BootstrapProgress, channelTracker: RelayChannelTracker, logger: Logger
    ) {
        let reloadable = configuration.reloadable
        settings = LiveStreamIsolation(reloadable)
        addressMap = AddressMap(configuration.addressMappings)
        var bootstrapConfiguration = BootstrapConfiguration(configuration)
        bootstrapConfiguration.dataDirectory = dataDirectory
        let bootstrapper = DirectoryBootstrapper(
            configuration: bootstrapConfiguration, progress: progress, logger: Logger(label: "torswift.directory"))
        let restrictions = PathRestrictions(configuration: configuration)
        let nodeFilter = NodeFilter(configuration.nodes)
        guards = GuardManager(
            dataDirectory: dataDirectory, restrictions: restrictions, nodeFilter: nodeFilter, logger: Logger(label: "torswift.guards"))
        store = NetworkViewStore()
        directory = DirectoryService(
            bootstrapper: bootstrapper, store: store, guards: guards, logger: Logger(label: "torswift.directory"))
        // Every channel opens through the tracker, so the control port sees ORCONN changes.
        let store = self.store
        channels = ChannelManager(
            settings: ChannelPoolSettings(reloadable),
            opener: channelTracker.tracking({ relay in
                try await CircuitChannel.open(to: relay, group: group, timeout: Self.relayConnectTimeout)
            }, relayName: { relay in
                guard let identity = RelayFingerprint(hex: ControlStatusFormatter.hex(relay.rsaIdentity)) else { return nil }
                return await store.current?.relay(rsaIdentity: identity)?.nickname
            }))
        builder = CircuitBuilder(channels: channels, buildTimeout: reloadable.circuitBuildTimeout)
        source = NetworkCircuitSource(
            store: store, guards: guards, builder: builder, restrictions: restrictions, progress: progress,
            congestionControl: configuration.congestionControl, conflux: configuration.conflux, nodeFilter: nodeFilter,
            logger: Logger(label: "torswift.paths"))
        pool = CircuitPool(settings: CircuitPoolSettings(reloadable), source: source, logger: Logger(label: "torswift.pool"))
        reloader = configurationPath.map {
            ConfigurationReloader(path: $0, configuration: configuration, logger: Logger(label: "torswift.config"))
        }
    }

    /// Tells the reloader which component takes which fields: LogLevel (and Log) the loggers,
    /// the circuit-pool fields the pool, the connection-pool fields the channel manager,
    /// EnableBufferPooling the cell buffers, the isolation flags new streams, MapAddress the
    /// address map, and the NODE SELECTION OPTIONS the guards, the path choice and the pool.
    func registerReloadTargets(logRouter: TorLogRouter) async {
        guard let reloader else { return }
        await reloader.registerLogging(logRouter)
        let pool = self.pool
        await reloader.register("circuit pool") { plan in
            await pool.update(settings: CircuitPoolSettings(plan.configuration.reloadable))
        }
        await reloader.registerChannelPool(channels)
        await reloader.registerCellBuffers()
        await reloader.registerStreamIsolation(settings)
        let addressMap = self.addressMap
        await reloader.register("address map") { plan in
            addressMap.replaceTorrcMappings(plan.configuration.addressMappings)
        }
        let (source, guards) = (self.source, self.guards)
        await reloader.register("path selection") { plan in
            guard plan.configuration.nodes != plan.previous.nodes else { return }
            let filter = NodeFilter(plan.configuration.nodes)
            await guards.update(nodeFilter: filter)
            await source.update(nodeFilter: filter)
            // As C tor does when these options change: circuits chosen under the old lists
            // take no new streams; their open streams go on.
            await pool.newIdentity()
        }
    }
}
