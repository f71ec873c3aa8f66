import ControlPort
import TorCore

/// What the control port needs from the running client: read-only views for GETINFO and the
/// few actions a controller may ask for (control-spec.txt §3). The client core implements it;
/// ``ClientControlBackend`` turns it into control-protocol answers.
///
/// Every method is called from a control connection's task, never on a data-plane event loop,
/// and may be called concurrently; views are snapshots taken when called.
public protocol ControlledClient: Sendable {
    /// The version GETINFO `version` reports. Controllers compare it with tor versions (stem
    /// refuses CIRC and other events from a "tor" older than the event), so it must read as the
    /// tor version whose protocol we speak, with ours in parentheses and no spaces inside them:
    /// e.g. `0.4.9.11 (torswift-0.1.0-dev)`.
    var version: String { get }
    /// Time since the client started; GETINFO `uptime`.
    func uptime() async -> Duration
    /// Where bootstrapping is; GETINFO `status/bootstrap-phase`.
    func bootstrapStatus() async -> ControlledBootstrapStatus
    /// Every circuit the client has open or is building; GETINFO `circuit-status`.
    func circuits() async -> [ControlledCircuit]
    /// Every open stream; GETINFO `stream-status`.
    func streams() async -> [ControlledStream]
    /// The bound SOCKS listeners as `address:port` (`[v6]:port`); GETINFO `net/listeners/socks`.
    func socksListeners() async -> [String]
    /// The torrc path the client reads; GETINFO `config-file`.
    func configurationFilePath() async -> String
    /// Bytes read from and written to relays since start; GETINFO `traffic/read`, `traffic/written`.
    func traffic() async -> ControlledTraffic
    /// Each circuit breaker's state; GETINFO `resilience/breakers`.
    func breakers() async -> [ControlledBreaker]
    /// Whether the last torrc the client read (at start or on reload) was accepted; GETINFO `torrc/status`.
    func torrcStatus() async -> ControlledTorrcStatus

    /// The current values of one option, with its canonical name; nil for an option this
    /// client does not know. `name` is matched case-insensitively. GETCONF.
    func configurationValues(named name: String) async -> ControlledOption?
    /// Applies SETCONF/RESETCONF changes all or nothing; a reloadable option takes effect at
    /// once. Throws ``TorClientError`` with ``TorClientError/Code/controlUnknownOption`` (552),
    /// ``TorClientError/Code/controlInvalidValue`` (553) or another code (551 with the reason).
    func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws
    /// Writes the running configuration to the torrc (SAVECONF; `force` as in §3.6).
    func saveConfiguration(force: Bool) async throws
    /// Rereads the torrc and applies what can change while running (SIGNAL RELOAD/HUP).
    /// Returns once the torrc was applied or rejected, so ``torrcStatus()`` then reports it.
    func reload() async
    /// Stops using existing circuits for new streams (SIGNAL NEWNYM).
    func newIdentity() async
    /// Starts shutting down and returns (SIGNAL SHUTDOWN/INT: graceful; HALT/TERM: `immediately`).
    func shutdown(immediately: Bool) async

    /// The bound control listeners as `address:port`; GETINFO `net/listeners/control`.
    func controlListeners() async -> [String]
    /// The torrc lines SAVECONF would write; GETINFO `config-text`.
    func configurationText() async -> String
    /// The verified directory circuits are chosen from, nil before the first one; GETINFO
    /// `ns/*`, `md/*`, `status/enough-dir-info`.
    func directory() async -> ControlledDirectory?
    /// The sampled entry guards, in sample order; GETINFO `entry-guards`.
    func entryGuards() async -> [ControlledGuard]
    /// GETINFO `address-mappings/config` and `address-mappings/control`: `FROM TO NEVER` lines.
    func addressMappings() async -> (configuration: [String], controller: [String])
    /// The channels to relays that are opening or open; GETINFO `orconn-status`.
    func relayChannels() async -> [ControlledChannel]
    /// Whether the network looks reachable (a circuit or channel succeeded); GETINFO
    /// `network-liveness`.
    func isNetworkLive() async -> Bool
    /// SIGNAL HEARTBEAT, DUMP, DEBUG, CLEARDNSCACHE, ACTIVE: logs or changes what the signal asks.
    func handleSignal(_ signal: ControlSignal) async
    /// EXTENDCIRCUIT, CLOSECIRCUIT, CLOSESTREAM, ATTACHSTREAM, MAPADDRESS, RESOLVE, DROPGUARDS:
    /// the `250` text (nil for `OK`), or a ``TorClientError`` whose code picks the reply
    /// (``TorClientError/Code/controlUnknownEntity`` 552, ``TorClientError/Code/controlBadArgument`` 512,
    /// else 551 with the reason).
    func perform(_ command: ControlClientCommand) async throws -> String?
    /// The controller that took ownership (TAKEOWNERSHIP) disconnected: shut down.
    func owningControllerDisconnected() async
}

extension TorClientError.Code {
    /// SETCONF/RESETCONF/GETCONF named an option the client does not know (reply 552).
    public static let controlUnknownOption: Self = "control.unknown-option"
    /// SETCONF gave a value the option does not accept (reply 553).
    public static let controlInvalidValue: Self = "control.invalid-value"
    /// A command named a circuit, stream or relay the client does not have (reply 552).
    public static let controlUnknownEntity: Self = "control.unknown-entity"
    /// A command argument the client cannot use (reply 512).
    public static let controlBadArgument: Self = "control.bad-argument"
    /// A command or option this client does not support (reply 551, or 552 for options).
    public static let controlNotSupported: Self = "control.not-supported"
}
