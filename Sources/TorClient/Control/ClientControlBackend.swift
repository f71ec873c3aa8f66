import ControlPort
import TorCore

/// The running client's ``ControlPortBackend``: answers GETINFO, GETCONF/SETCONF/RESETCONF/
/// SAVECONF and SIGNAL (control-spec.txt §3) from a ``ControlledClient``.
///
/// Stateless beyond the client it wraps; errors become the replies §4 prescribes through
/// ``ControlRequestExecutor`` (552 unknown, 553 bad value, 551 otherwise).
public struct ClientControlBackend: ControlPortBackend {
    /// The client answered for.
    public let client: any ControlledClient

    /// A backend over `client`.
    public init(client: any ControlledClient) {
        self.client = client
    }

    /// GETINFO (§3.9). `status/circuit-established` is `1` once bootstrapping reached 100% or
    /// any circuit is built, as C tor reports it once it could build a circuit.
    public func info(_ key: ControlInfoKey) async throws -> String {
        switch key {
        case .version: return client.version
        case .uptime: return String((await client.uptime()).components.seconds)
        case .bootstrapPhase: return ControlStatusFormatter.bootstrap(await client.bootstrapStatus())
        case .circuitEstablished:
            if await client.bootstrapStatus().progress >= 100 { return "1" }
            return (await client.circuits()).contains { $0.status == "BUILT" } ? "1" : "0"
        case .circuitStatus: return (await client.circuits()).map(ControlStatusFormatter.circuit).joined(separator: "\n")
        case .streamStatus: return (await client.streams()).map(ControlStatusFormatter.streamStatus).joined(separator: "\n")
        case .socksListeners: return ControlStatusFormatter.socksListeners(await client.socksListeners())
        case .configFile: return await client.configurationFilePath()
        case .trafficRead: return String((await client.traffic()).read)
        case .trafficWritten: return String((await client.traffic()).written)
        case .resilienceBreakers: return (await client.breakers()).map(ControlStatusFormatter.breaker).joined(separator: "\n")
        case .torrcStatus: return ControlStatusFormatter.torrcStatus(await client.torrcStatus())
        default:
            throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized key \"\(key)\"")
        }
    }

    /// GETCONF (§3.3).
    public func configuration(_ names: [String]) async throws -> [ControlConfigurationEntry] {
        var entries: [ControlConfigurationEntry] = []
        for name in names {
            guard let option = await client.configurationValues(named: name) else {
                throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized configuration key \"\(name)\"")
            }
            entries += option.values.isEmpty
                ? [ControlConfigurationEntry(name: option.name, value: nil)]
                : option.values.map { ControlConfigurationEntry(name: option.name, value: $0) }
        }
        return entries
    }

    /// SETCONF / RESETCONF (§3.1, §3.2).
    public func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws {
        try await translating { try await client.changeConfiguration(changes) }
    }

    /// SAVECONF (§3.6).
    public func saveConfiguration(force: Bool) async throws {
        try await translating { try await client.saveConfiguration(force: force) }
    }

    /// SIGNAL (§3.7): RELOAD/HUP, NEWNYM, SHUTDOWN/INT, HALT/TERM; others are refused with
    /// a reason rather than pretended.
    public func signal(_ signal: ControlSignal) async throws {
        switch signal {
        case .reload, .hangUp: await client.reload()
        case .newIdentity: await client.newIdentity()
        case .shutdown, .interrupt: await client.shutdown(immediately: false)
        case .halt, .terminate: await client.shutdown(immediately: true)
        default:
            throw ControlPortError(
                .notSupported, kind: .badInput,
                "SIGNAL \(signal) is not supported by this client; RELOAD, HUP, NEWNYM, SHUTDOWN, INT, HALT and TERM are")
        }
    }

    /// Maps the client's option errors to the codes the executor turns into 552/553/551.
    private func translating(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as TorClientError {
            switch error.code {
            case .controlUnknownOption: throw ControlPortError(.unrecognizedEntity, kind: .badInput, error.reason)
            case .controlInvalidValue: throw ControlPortError(.invalidConfigValue, kind: .badInput, error.reason)
            default: throw ControlPortError(.notSupported, kind: error.kind, error.reason)
            }
        }
    }
}
