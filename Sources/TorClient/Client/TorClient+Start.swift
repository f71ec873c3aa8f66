import ControlPort
import Directory
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SocksServer
import TorCore

extension TorClient {
    /// This client's name and version, for the first log line and GETINFO version.
    public static let version = "0.1.0-dev"

    /// Prepares DataDirectory, makes the components and opens the listeners. Throws, with a
    /// reason that says what to do, when any of that fails; nothing is left running then.
    public static func start(
        configuration: TorConfiguration, configurationPath: String?, logRouter: TorLogRouter,
        logForwarder: ControlLogForwarder? = nil
    ) async throws -> TorClient {
        let logger = Logger(label: "torswift")
        logger.notice("TorSwift \(version) (torctl) running on Linux.")
        if let configurationPath { logger.notice("Read configuration file \"\(configurationPath)\".") }
        SafeLogging.isEnabled = configuration.safeLogging != .disabled
        let dataDirectory = try DataDirectory.prepare(configuration.dataDirectory)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let sink = ControlEventSink()
        let progress = BootstrapProgress(logger: Logger(label: "torswift.bootstrap")) { report in
            sink.send { events in
                events.bootstrapped(ControlledBootstrapStatus(report))
                if report.progress == 100 { events.circuitEstablished() }
            }
        }
        let streams = StreamRegistry { record in
            sink.send { $0.streamChanged(TorClient.controlled(record)) }
        }
        let channelTracker = RelayChannelTracker(
            report: { channel in sink.send { $0.channelChanged(channel) } },
            firstConnection: { sink.send { $0.networkLiveness(isUp: true) } })
        let parts = ClientParts(
            configuration: configuration, configurationPath: configurationPath, dataDirectory: dataDirectory, group: group,
            progress: progress, channelTracker: channelTracker, logger: logger)
        let client = TorClient(
            configuration: configuration, configurationPath: configurationPath, logRouter: logRouter, logger: logger,
            group: group, parts: parts, progress: progress, streams: streams, eventSink: sink,
            logForwarder: logForwarder, channelTracker: channelTracker)
        let hadDirectory = NIOLockedValueBox(false)
        await parts.directory.observeNewConsensus { directory in
            let isFirst = hadDirectory.withLockedValue { had in
                defer { had = true }
                return !had
            }
            sink.send { events in
                events.newConsensus(ControlledDirectory(directory))
                if isFirst { events.enoughDirectoryInfo() }
            }
        }
        await client.owningController.watch(configuration.owningControllerProcess)
        await parts.registerReloadTargets(logRouter: logRouter)
        await parts.reloader?.registerListeners("listeners") { plan in try await client.rebindListeners(plan) }
        if let pidFile = configuration.pidFile { client.writeProcessFile(ProcessFiles.processIDText, to: pidFile, what: "PidFile") }
        do {
            try await client.openListeners()
            try await client.openControlPort()
        } catch {
            await client.shutdown(reason: "Startup failed", status: 1)
            throw error
        }
        return client
    }

    /// Opens the ControlPort listeners (none when the torrc has no ControlPort), writing the
    /// cookie file first, and starts forwarding events and log lines to controllers.
    func openControlPort() async throws {
        controlPort = try await ClientControlPort.start(
            configuration: configuration, client: self, group: group, logger: Logger(label: "torswift.control"))
        guard let controlPort else { return }
        eventSink.attach(controlPort.events)
        logForwarder?.attach(controlPort.events)
        for address in controlPort.listener.localAddresses {
            logger.notice("Opened Control listener connection (ready) on \(ClientListeners.describe(address))")
        }
        if let path = configuration.controlPortWriteToFile {
            let text = ProcessFiles.controlPortText(controlPort.listener.localAddresses.map(ClientListeners.describe))
            writeProcessFile(text, to: path, what: "ControlPortWriteToFile", groupReadable: configuration.controlPortFileGroupReadable)
        }
    }

    /// Writes PidFile or ControlPortWriteToFile; a failure is a warning, as in C tor, since the
    /// client itself works without the file.
    nonisolated func writeProcessFile(_ text: String, to path: String, what: String, groupReadable: Bool = false) {
        do {
            try ProcessFiles.write(text, to: path, groupReadable: groupReadable)
        } catch {
            logger.warning("Could not write \(what) \(path): \(error)")
        }
    }

    /// Opens every SocksPort listener.
    func openListeners() async throws {
        let pool = parts.pool
        let settings = parts.settings
        let streams = self.streams
        let addressMap = parts.addressMap
        let timeout = configuration.socksTimeout
        socksListeners = try await ClientListeners.bindSocks(
            configuration.socksPorts, group: group, socksTimeout: timeout,
            delegate: { index, port in
                SocksStreamDelegate(
                    isolation: SocksListenerIsolation(port: port, index: index), socksTimeout: timeout, pool: pool,
                    settings: settings, streams: streams, addressMap: addressMap, logger: Logger(label: "torswift.socks"))
            }, logger: logger)
    }

    /// Bootstraps the directory, then keeps the directory, circuit pool and channel pool
    /// maintained until shutdown. Returns the exit status: 0 after a requested shutdown, 1
    /// when no directory source gave a usable consensus.
    public func run() async -> Int32 {
        let parts = self.parts
        let bootstrap = Task { () -> (any Error)? in
            do {
                try await parts.directory.bootstrap()
                return nil
            } catch {
                return error
            }
        }
        background.append(Task { _ = await bootstrap.value })
        if let error = await bootstrap.value {
            if shutdownReason == nil {
                logger.error("""
                    Could not bootstrap: no directory source gave a usable consensus (\(error)). \
                    Check the DirAuthority/FallbackDir lines and that this machine can reach them.
                    """)
                await shutdown(reason: "Bootstrap failed", status: 1)
            }
            return await waitUntilStopped()
        }
        guard shutdownReason == nil else { return await waitUntilStopped() }
        background.append(Task { await parts.directory.run() })
        background.append(Task { await parts.pool.run() })
        background.append(Task { await parts.channels.runSweeps(every: .seconds(30)) })
        if let reloader = parts.reloader { background.append(Task { await reloader.run() }) }
        let sink = eventSink
        let poolEvents = await parts.pool.events()
        background.append(Task {
            for await event in poolEvents {
                sink.send { events in
                    events.circuitChanged(ControlledCircuit(
                        id: "\(event.id)", status: event.status.rawValue, path: event.relays.map(ControlledRelay.init),
                        timeCreated: event.timeCreated, reason: event.reason?.rawValue))
                }
            }
        })
        return await waitUntilStopped()
    }
}
