import ControlPort
import Directory
import Logging
import TorCore

/// The GETINFO views and the signals that only log or change logging (control-spec §3.7, §3.9).
extension TorClient {
    public func controlListeners() async -> [String] {
        controlPort?.listener.localAddresses.map(ClientListeners.describe) ?? []
    }

    /// The torrc lines in force: the running text (SETCONF changes included), else the file.
    public func configurationText() async -> String {
        if let reloader = parts.reloader, let text = await reloader.runningText {
            return ClientOptionValues.configurationText(text)
        }
        guard let configurationPath, let bytes = try? LocalTorrcFileSystem().contents(of: configurationPath) else { return "" }
        return ClientOptionValues.configurationText(String(decoding: bytes, as: UTF8.self))
    }

    public func directory() async -> ControlledDirectory? {
        await parts.directory.bootstrapper.directory.map(ControlledDirectory.init)
    }

    /// The sampled guards, confirmed ones first in confirmation order, then in sample order
    /// (the order a tor 0.4.9.11 client lists them). Status: `unlisted` when the consensus
    /// no longer lists it, `up` after a circuit through it succeeded, `down` after it failed,
    /// `never-connected` before it was tried.
    public func addressMappings() async -> (configuration: [String], controller: [String]) {
        (configuration.addressMappings.map { "\($0.from) \($0.to) NEVER" }, parts.addressMap.controllerMappings)
    }

    public func entryGuards() async -> [ControlledGuard] {
        let sampled = await parts.guards.sampledGuards
        let ordered = sampled.filter(\.isConfirmed).sorted { ($0.confirmedIndex ?? 0) < ($1.confirmedIndex ?? 0) }
            + sampled.filter { !$0.isConfirmed }
        return ordered.map { guardEntry in
            let status: String
            if !guardEntry.isListed {
                status = "unlisted"
            } else {
                switch guardEntry.reachability {
                case .yes: status = "up"
                case .no: status = "down"
                case .maybe: status = guardEntry.lastTriedConnect == nil ? "never-connected" : "down"
                }
            }
            return ControlledGuard(
                relay: ControlledRelay(fingerprint: guardEntry.identity.description.uppercased(), nickname: guardEntry.nickname),
                status: status)
        }
    }

    public func relayChannels() async -> [ControlledChannel] {
        channelTracker.channels
    }

    public func isNetworkLive() async -> Bool {
        channelTracker.hasConnected
    }

    /// HEARTBEAT logs a summary line at notice; DUMP/USR1 logs every channel and circuit at
    /// info; DEBUG/USR2 sends debug lines to every log until the next reload; CLEARDNSCACHE
    /// and ACTIVE have nothing to do (see below). Each is reported as a SIGNAL event, under
    /// the name C tor reports (USR1 as DUMP, USR2 as DEBUG).
    public func handleSignal(_ signal: ControlSignal) async {
        switch signal {
        case .heartbeat:
            let uptime = (await uptime()).components.seconds
            let traffic = await traffic()
            let circuits = await circuits().filter { $0.status == "BUILT" }.count
            logger.notice("""
                Heartbeat: up \(uptime / 3600):\(Self.twoDigits(uptime / 60 % 60)) hours, \(circuits) circuits open, \
                \(channelTracker.channels.count) channels to relays, \(traffic.written / 1024) kB sent, \
                \(traffic.read / 1024) kB received.
                """)
            eventSink.send { $0.signalReceived("HEARTBEAT") }
        case .dump, .user1:
            await logDump()
            eventSink.send { $0.signalReceived("DUMP") }
        case .debug, .user2:
            // Every sink keeps its file and gets debug lines; the next reload rebuilds them
            // from the torrc, which ends this, as in C tor.
            logRouter.replace(sinks: logRouter.currentSinks.map { $0.reusingOutput(severities: .debug ... $0.severities.upperBound) })
            logger.notice("Received DEBUG: every log gets debug lines until the next reload.")
            eventSink.send { $0.signalReceived("DEBUG") }
        case .clearDNSCache:
            // The client keeps no DNS cache: every name goes to the exit as text (SOCKS
            // RESOLVE and CONNECT alike), so there is nothing to forget.
            logger.info("Received CLEARDNSCACHE: this client keeps no DNS cache.")
            eventSink.send { $0.signalReceived("CLEARDNSCACHE") }
        case .active:
            // The client never goes dormant, so it is already active.
            eventSink.send { $0.signalReceived("ACTIVE") }
        default:
            logger.warning("Signal \(signal) reached the wrong handler; ignoring it.")
        }
    }

    /// SIGNAL DUMP: one info line per channel and circuit, and the stream and byte totals.
    private func logDump() async {
        let channels = channelTracker.channels
        logger.info("Dump: \(channels.count) channels to relays.")
        for channel in channels {
            logger.info("Dump: channel \(channel.id) to \(Redacted(ControlStatusFormatter.longName(channel.relay))): \(channel.status)")
        }
        let circuits = await circuits()
        logger.info("Dump: \(circuits.count) circuits.")
        for circuit in circuits {
            let path = circuit.path.map { Redacted(ControlStatusFormatter.longName($0)).description }.joined(separator: ",")
            logger.info("Dump: circuit \(circuit.id) \(circuit.status) \(circuit.purpose) path \(path)")
        }
        let traffic = await traffic()
        logger.info("Dump: \(streams.streams.count) streams; \(traffic.read) bytes read, \(traffic.written) bytes written since start.")
    }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The owner that sent TAKEOWNERSHIP closed its connection: exit, as C tor does.
    public func owningControllerDisconnected() async {
        logger.notice("Owning controller connection has closed; shutting down.")
        requestShutdown(reason: "Owning controller connection closed")
    }
}
