import ControlPort
import Directory
import Glibc
import TorCore

/// What the control port reads and asks of the running client (control-spec §3).
extension TorClient: ControlledClient {
    /// Read as a tor version by controllers (stem subscribes to events only for versions it
    /// can parse): the control-protocol level we follow, then our own name and version.
    public nonisolated var version: String { "0.4.9.11 (torswift-\(Self.version))" }

    public func uptime() async -> Duration {
        .seconds(max(0, Int64(time(nil)) - startedAt))
    }

    public func bootstrapStatus() async -> ControlledBootstrapStatus {
        progress.current.map(ControlledBootstrapStatus.init) ?? .starting
    }

    public func circuits() async -> [ControlledCircuit] {
        let pooled = await parts.pool.snapshot().map { entry in
            ControlledCircuit(
                id: "\(entry.id)", status: entry.status.rawValue, path: entry.relays.map(ControlledRelay.init),
                timeCreated: entry.timeCreated)
        }
        return pooled + (await controllerCircuits.circuits)
    }

    public func streams() async -> [ControlledStream] {
        streams.streams.map(Self.controlled)
    }

    static func controlled(_ record: ClientStreamRecord) -> ControlledStream {
        ControlledStream(
            id: "\(record.id)", status: record.status.rawValue, circuitID: record.circuitID == 0 ? nil : "\(record.circuitID)",
            targetHost: record.targetHost, targetPort: record.targetPort, reason: record.reason)
    }

    public func socksListeners() async -> [String] {
        socksListeners.compactMap { $0.localAddress.map(ClientListeners.describe) }
    }

    public func configurationFilePath() async -> String { configurationPath ?? "" }

    public func traffic() async -> ControlledTraffic {
        ControlledTraffic(read: streams.bytesRead, written: streams.bytesWritten)
    }

    public func breakers() async -> [ControlledBreaker] {
        var result: [ControlledBreaker] = []
        for (name, registry) in [("dir", parts.directory.bootstrapper.breakers), ("relay", parts.builder.resilience.breakers)] {
            for (key, statistics) in await registry.snapshot().sorted(by: { $0.key < $1.key }) {
                result.append(ControlledBreaker(
                    name: "\(name)/\(key)", state: statistics.state, consecutiveFailures: statistics.consecutiveFailures))
            }
        }
        return result
    }

    public func torrcStatus() async -> ControlledTorrcStatus {
        guard let reloader = parts.reloader else { return .accepted }
        if case .rejected(_, let message) = await reloader.status { return .rejected(message: message) }
        return .accepted
    }

    public func configurationValues(named name: String) async -> ControlledOption? {
        guard let canonical = TorConfiguration.canonicalOptionName(name) else { return nil }
        if canonical == ClientOptionValues.owningControllerProcess {
            return ControlledOption(name: canonical, values: (await owningController.processID).map { ["\($0)"] } ?? [])
        }
        let configuration = await currentConfiguration()
        return ControlledOption(name: canonical, values: ClientOptionValues.values(of: canonical, in: configuration))
    }

    /// SETCONF/RESETCONF. `__OwningControllerProcess` changes the process watch and never the
    /// torrc text (C tor keeps `__` options out of SAVECONF); every other option goes through
    /// the reloader. Controllers get CONF_CHANGED with the options whose values changed.
    public func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws {
        for change in changes where TorConfiguration.canonicalOptionName(change.name) == nil {
            throw TorClientError(.controlUnknownOption, kind: .badInput, "Unrecognized option: \(change.name)")
        }
        let isOwning = { (change: ControlConfigurationChange) in
            TorConfiguration.canonicalOptionName(change.name) == ClientOptionValues.owningControllerProcess
        }
        var owner: Int32?? = nil
        for change in changes where isOwning(change) {
            switch change.operation {
            case .set(let value):
                guard let pid = Int32(value), pid > 0 else {
                    throw TorClientError(.controlInvalidValue, kind: .badInput, "__OwningControllerProcess \"\(value)\" is not a process ID")
                }
                owner = .some(pid)
            case .clear, .reset: owner = .some(nil)
            }
        }
        let others = changes.filter { !isOwning($0) }
        if !others.isEmpty { try await applyThroughReloader(others) }
        if let owner {
            await owningController.watch(owner)
            let line = owner.map { "\(ClientOptionValues.owningControllerProcess)=\($0)" } ?? ClientOptionValues.owningControllerProcess
            eventSink.send { $0.configurationChanged([line]) }
        }
    }

    private func applyThroughReloader(_ changes: [ControlConfigurationChange]) async throws {
        guard let reloader = parts.reloader else {
            throw TorClientError(
                .controlInvalidValue, kind: .badInput,
                "This client was started without a torrc file, so it has nothing to change; start it with -f TORRC")
        }
        let before = await reloader.configuration
        do {
            try await reloader.setConfiguration(changes)
            let lines = ClientOptionValues.changes(from: before, to: await reloader.configuration)
            eventSink.send { $0.configurationChanged(lines) }
        } catch let problems as ConfigurationProblems {
            throw TorClientError(
                .controlInvalidValue, kind: .badInput, problems.errors.map(\.reason).joined(separator: "; "))
        }
    }

    public func saveConfiguration(force: Bool) async throws {
        guard let reloader = parts.reloader else {
            throw TorClientError(
                .controlInvalidValue, kind: .badInput, "This client was started without a torrc file; there is nowhere to save")
        }
        try await reloader.save()
    }

    public func reload() async {
        await reload(trigger: "control")
    }

    public func newIdentity() async {
        logger.notice("Received NEWNYM: new streams will use new circuits.")
        await parts.pool.newIdentity()
        eventSink.send { $0.signalReceived("NEWNYM") }
    }

    public func shutdown(immediately: Bool) async {
        if immediately {
            logger.notice("Received HALT: exiting now.")
            exit(0)
        }
        requestShutdown(reason: "Received SHUTDOWN")
    }

    /// The configuration in force: the reloader's when there is one.
    func currentConfiguration() async -> TorConfiguration {
        if let reloader = parts.reloader { return await reloader.configuration }
        return configuration
    }
}
