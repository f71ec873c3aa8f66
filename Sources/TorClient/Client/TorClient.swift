import Circuit
import ControlPort
import Directory
import Logging
import NIOCore
import NIOPosix
import SocksServer
import TorCore

/// The running client: one service that starts the directory, the channel and circuit pools,
/// the SOCKS and control listeners and the torrc watcher, and stops them in reverse order
/// (STYLE: "One service group starts directory → circuits → listeners and stops them in
/// reverse on SIGINT/SIGTERM").
///
/// Listeners open first, so a port in use fails at once and applications can connect while
/// the directory loads (their requests wait for a circuit, bounded by SocksTimeout), as C tor
/// does.
public actor TorClient {
    /// The torrc the client was started from, when it came from a file.
    public nonisolated let configurationPath: String?
    /// Bootstrap progress, for the log, GETINFO status/bootstrap-phase and STATUS_CLIENT.
    public nonisolated let progress: BootstrapProgress
    /// Live application streams and byte counters.
    public nonisolated let streams: StreamRegistry
    /// Where events for controllers go once the control port is open.
    nonisolated let eventSink: ControlEventSink
    /// Sends log lines to controllers; re-attached when the control port is rebound.
    nonisolated let logForwarder: ControlLogForwarder?
    /// The channels to relays, for `orconn-status` and ORCONN events.
    nonisolated let channelTracker: RelayChannelTracker
    /// Circuits controllers built with EXTENDCIRCUIT.
    nonisolated let controllerCircuits: ControllerCircuits
    /// `__OwningControllerProcess`: exits the client when that process is gone.
    nonisolated let owningController: OwningControllerWatch
    /// When the client started (Unix seconds), for `torctl status`.
    public nonisolated let startedAt: Int64
    nonisolated let logger: Logger
    nonisolated let logRouter: TorLogRouter
    nonisolated let group: MultiThreadedEventLoopGroup
    nonisolated let parts: ClientParts
    /// The configuration in force (reloads replace it).
    public internal(set) var configuration: TorConfiguration
    var socksListeners: [SocksListener] = []
    var controlPort: ClientControlPort?
    var background: [Task<Void, Never>] = []
    var shutdownReason: String?
    var stopWaiters: [CheckedContinuation<Void, Never>] = []
    var isStopped = false
    /// 0 after a requested shutdown, 1 when the client could not bootstrap.
    var exitStatus: Int32 = 0

    init(
        configuration: TorConfiguration, configurationPath: String?, logRouter: TorLogRouter, logger: Logger,
        group: MultiThreadedEventLoopGroup, parts: ClientParts, progress: BootstrapProgress,
        streams: StreamRegistry, eventSink: ControlEventSink, logForwarder: ControlLogForwarder?,
        channelTracker: RelayChannelTracker
    ) {
        self.channelTracker = channelTracker
        self.controllerCircuits = ControllerCircuits { circuit in
            eventSink.send { $0.circuitChanged(circuit) }
        }
        let logger = logger
        let shutdownTarget = ShutdownTarget()
        self.owningController = OwningControllerWatch { pid in
            logger.notice("Owning controller process \(pid) has exited; shutting down.")
            shutdownTarget.client?.requestShutdown(reason: "Owning controller process \(pid) exited")
        }
        self.logForwarder = logForwarder
        self.configuration = configuration
        self.configurationPath = configurationPath
        self.logRouter = logRouter
        self.logger = logger
        self.group = group
        self.parts = parts
        self.progress = progress
        self.streams = streams
        self.eventSink = eventSink
        self.startedAt = Int64(time(nil))
        shutdownTarget.client = self
    }

    /// Asks the client to stop; ``waitUntilStopped()`` returns once it has.
    public nonisolated func requestShutdown(reason: String) {
        Task { await self.shutdown(reason: reason) }
    }

    /// Returns once the client has shut down, with the process exit status it asks for.
    @discardableResult
    public func waitUntilStopped() async -> Int32 {
        if !isStopped {
            await withCheckedContinuation { stopWaiters.append($0) }
        }
        return exitStatus
    }

    /// Stops in reverse order of start: listeners (no new work), background loops, circuits
    /// (their streams end), guard state saved, channels, event loops.
    public func shutdown(reason: String, status: Int32 = 0) async {
        guard shutdownReason == nil else { return }
        shutdownReason = reason
        exitStatus = status
        if status == 0 { logger.notice("\(reason): exiting cleanly.") }
        for listener in socksListeners { try? await listener.close() }
        socksListeners = []
        await controlPort?.stop()
        controlPort = nil
        await owningController.stop()
        await controllerCircuits.closeAll()
        for task in background { task.cancel() }
        for task in background { await task.value }
        background = []
        await parts.pool.shutdown()
        do {
            try await parts.guards.save()
        } catch {
            logger.warning("Could not save guard state: \(error)")
        }
        await parts.channels.closeAll()
        try? await group.shutdownGracefully()
        for path in [configuration.pidFile, configuration.controlPortWriteToFile].compactMap({ $0 }) { ProcessFiles.remove(path) }
        isStopped = true
        for waiter in stopWaiters { waiter.resume() }
        stopWaiters = []
    }
}

extension TorClient {
    /// Asks for the torrc to be read again (SIGHUP, `torctl reload`).
    public nonisolated func requestReload(trigger: String) {
        Task { await self.reload(trigger: trigger) }
    }
}
