/// What the running client provides to the control port (control-spec.txt §3).
///
/// The session has already checked syntax, authentication, and that keys and signals are ones
/// we support; the backend answers with values or throws a ``ControlPortError`` whose code
/// picks the reply: `unrecognizedEntity` → 552, `invalidConfigValue` → 553, `badArgument` →
/// 512, anything else → 551 with the error's reason. Events flow the other way, through ``ControlEventHub/publish(_:)``.
public protocol ControlPortBackend: Sendable {
    /// The value of one GETINFO key; may span several lines (sent as a data reply).
    func info(_ key: ControlInfoKey) async throws -> String
    /// GETCONF: each option's current values, in order; an option set to nothing has `value`
    /// nil; a list option yields one entry per value. Names are case-insensitive, as in C tor
    /// (stem sends them lower-cased); entries carry the canonical spelling. Unknown names throw
    /// `unrecognizedEntity`.
    func configuration(_ names: [String]) async throws -> [ControlConfigurationEntry]
    /// SETCONF / RESETCONF: apply all changes or none (§3.1: "all or nothing"); names are
    /// case-insensitive.
    func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws
    /// SAVECONF: write the running configuration to the torrc; `force` overrides %include checks.
    func saveConfiguration(force: Bool) async throws
    /// SIGNAL: act on one of ``ControlSignal/supported``. The reply `250 OK` is sent after this
    /// returns, so SHUTDOWN/HALT should start the shutdown and return.
    func signal(_ signal: ControlSignal) async throws
    /// EXTENDCIRCUIT, CLOSECIRCUIT, CLOSESTREAM, ATTACHSTREAM, MAPADDRESS, RESOLVE, DROPGUARDS:
    /// the text of the `250` reply line (e.g. `EXTENDED 7`; one line each for several, split
    /// at `\n`), or nil for `250 OK`.
    func perform(_ command: ControlClientCommand) async throws -> String?
    /// The connection that sent TAKEOWNERSHIP (§3.23) closed: the client must exit, as C tor
    /// does. Called once per owning connection, after it closed.
    func owningControllerDisconnected() async
}

/// One `Name=Value` line of a GETCONF reply (control-spec §3.3).
public struct ControlConfigurationEntry: Sendable, Equatable {
    /// The option name as the torrc spells it.
    public var name: String
    /// The value, or nil when the option is unset (sent as a bare `Name`).
    public var value: String?

    /// An entry.
    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// One option change of SETCONF or RESETCONF (control-spec §3.1, §3.2).
public struct ControlConfigurationChange: Sendable, Equatable {
    /// What to do with the option.
    public enum Operation: Sendable, Equatable {
        /// `Name=Value`: set (list options: a value per change with the same name, in order).
        case set(String)
        /// SETCONF `Name`: clear to empty/0.
        case clear
        /// RESETCONF `Name`: back to the default.
        case reset
    }

    /// The option name as the controller wrote it.
    public var name: String
    /// The change.
    public var operation: Operation

    /// A change.
    public init(name: String, operation: Operation) {
        self.name = name
        self.operation = operation
    }
}
