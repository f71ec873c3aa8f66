import ControlPort
import TorCore

/// The running client's ``ControlPortBackend``: answers GETINFO, GETCONF/SETCONF/RESETCONF/
/// SAVECONF, SIGNAL and the circuit, stream and guard commands (control-spec.txt §3) from a
/// ``ControlledClient``.
///
/// Stateless beyond the client it wraps; errors become the replies §4 prescribes through
/// ``ControlRequestExecutor`` (552 unknown, 553 bad value, 512 bad argument, 551 otherwise).
public struct ClientControlBackend: ControlPortBackend {
    /// The client answered for.
    public let client: any ControlledClient

    /// A backend over `client`.
    public init(client: any ControlledClient) {
        self.client = client
    }

    /// The options this client implements, as `config/names` lists them.
    public static var implementedOptionNames: [String] { ClientOptionValues.implemented.map(\.name) }

    /// GETCONF (§3.3): the client's options from the running configuration; options C tor
    /// knows and this client does not implement answer C tor's default, as a C tor client
    /// that never set them would.
    public func configuration(_ names: [String]) async throws -> [ControlConfigurationEntry] {
        var entries: [ControlConfigurationEntry] = []
        for name in names {
            if let option = await client.configurationValues(named: name) {
                entries += option.values.isEmpty
                    ? [ControlConfigurationEntry(name: option.name, value: nil)]
                    : option.values.map { ControlConfigurationEntry(name: option.name, value: $0) }
            } else if let option = CTorOptionDefaults.option(named: name) {
                entries.append(ControlConfigurationEntry(name: option.name, value: option.value))
            } else {
                throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized configuration key \"\(name)\"")
            }
        }
        return entries
    }

    /// SETCONF / RESETCONF (§3.1, §3.2). A C tor option this client does not implement may be
    /// reset or set to its default (nothing changes); any other value is refused with 552, so
    /// a controller never believes an option applies that does not.
    public func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws {
        var implemented: [ControlConfigurationChange] = []
        for change in changes {
            guard TorConfiguration.canonicalOptionName(change.name) == nil,
                  change.name.lowercased() != ClientOptionValues.owningControllerProcess.lowercased(),
                  let option = CTorOptionDefaults.option(named: change.name)
            else {
                implemented.append(change)
                continue
            }
            guard Self.keepsDefault(change.operation, of: option) else {
                throw ControlPortError(
                    .unrecognizedEntity, kind: .badInput,
                    "\(option.name) is not supported by this client; only its default "
                        + "(\(option.value.map { "\"\($0)\"" } ?? "unset")) is accepted. Remove it, or use C tor for it")
            }
        }
        guard !implemented.isEmpty else { return }
        try await translating { try await client.changeConfiguration(implemented) }
    }

    /// Whether `operation` leaves an unimplemented option at C tor's default: a reset, a
    /// clear of an option whose default is unset, empty or 0, or a set to the default value.
    static func keepsDefault(_ operation: ControlConfigurationChange.Operation, of option: CTorOptionDefaults.Option) -> Bool {
        switch operation {
        case .reset: return true
        case .clear: return option.value == nil || option.value == "" || option.value == "0"
        case .set(let value): return value == option.value || (option.value == nil && value.isEmpty)
        }
    }

    /// SAVECONF (§3.6).
    public func saveConfiguration(force: Bool) async throws {
        try await translating { try await client.saveConfiguration(force: force) }
    }

    /// SIGNAL (§3.7): RELOAD/HUP, NEWNYM, SHUTDOWN/INT, HALT/TERM act on the client; DUMP/USR1,
    /// DEBUG/USR2, HEARTBEAT, CLEARDNSCACHE and ACTIVE are the client's ``ControlledClient/handleSignal(_:)``.
    public func signal(_ signal: ControlSignal) async throws {
        switch signal {
        case .reload, .hangUp: await client.reload()
        case .newIdentity: await client.newIdentity()
        case .shutdown, .interrupt: await client.shutdown(immediately: false)
        case .halt, .terminate: await client.shutdown(immediately: true)
        case .dump, .user1, .debug, .user2, .heartbeat, .clearDNSCache, .active: await client.handleSignal(signal)
        default:
            throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized signal code \"\(signal)\"")
        }
    }

    /// EXTENDCIRCUIT, CLOSECIRCUIT, CLOSESTREAM, ATTACHSTREAM, MAPADDRESS, RESOLVE, DROPGUARDS.
    public func perform(_ command: ControlClientCommand) async throws -> String? {
        var answer: String?
        try await translating { answer = try await client.perform(command) }
        return answer
    }

    /// TAKEOWNERSHIP's connection closed.
    public func owningControllerDisconnected() async {
        await client.owningControllerDisconnected()
    }

    /// Maps the client's errors to the codes the executor turns into 552/553/512/551.
    private func translating(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as TorClientError {
            switch error.code {
            case .controlUnknownOption, .controlUnknownEntity:
                throw ControlPortError(.unrecognizedEntity, kind: .badInput, error.reason)
            case .controlInvalidValue: throw ControlPortError(.invalidConfigValue, kind: .badInput, error.reason)
            case .controlBadArgument: throw ControlPortError(.badArgument, kind: .badInput, error.reason)
            case .controlUnmanagedEntity: throw ControlPortError(.unmanagedEntity, kind: .badInput, error.reason)
            default: throw ControlPortError(.notSupported, kind: error.kind, error.reason)
            }
        }
    }
}
