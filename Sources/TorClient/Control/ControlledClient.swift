import ControlPort
import Directory
import Foundation
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
}

extension TorClientError.Code {
    /// SETCONF/RESETCONF/GETCONF named an option the client does not know (reply 552).
    public static let controlUnknownOption: Self = "control.unknown-option"
    /// SETCONF gave a value the option does not accept (reply 553).
    public static let controlInvalidValue: Self = "control.invalid-value"
}

/// Bootstrap progress as the control port reports it (control-spec §4.1.10 BOOTSTRAP, §5.5).
public struct ControlledBootstrapStatus: Sendable, Equatable {
    /// 0…100.
    public var progress: Int
    /// The phase tag, e.g. `loading_descriptors`.
    public var tag: String
    /// The phase summary, e.g. `Loading relay descriptors`.
    public var summary: String

    /// A status from its parts.
    public init(progress: Int, tag: String, summary: String) {
        self.progress = progress
        self.tag = tag
        self.summary = summary
    }
}

extension ControlledBootstrapStatus {
    /// The status of the directory bootstrapper's last accepted report.
    public init(_ report: BootstrapStatus.Report) {
        self.init(progress: report.progress, tag: report.phase.tag, summary: report.phase.summary)
    }

    /// Before the first report: tor's starting phase (0%, `starting`).
    public static let starting = ControlledBootstrapStatus(
        progress: BootstrapPhase.starting.progress, tag: BootstrapPhase.starting.tag, summary: BootstrapPhase.starting.summary)
}

/// One relay of a circuit path, shown as `$FINGERPRINT~nickname` (control-spec §2.4 LongName).
public struct ControlledRelay: Sendable, Equatable {
    /// The 40 upper-case hex digits of the RSA identity digest.
    public var fingerprint: String
    /// The nickname, or nil when unknown.
    public var nickname: String?

    /// A relay from its parts.
    public init(fingerprint: String, nickname: String?) {
        self.fingerprint = fingerprint
        self.nickname = nickname
    }
}

/// One circuit (control-spec §4.1.1). Status and purpose are open strings so new values pass.
public struct ControlledCircuit: Sendable, Equatable {
    /// The controller-visible circuit ID (decimal digits; not the link-level circuit ID).
    public var id: String
    /// `LAUNCHED`, `EXTENDED`, `BUILT`, `FAILED` or `CLOSED`.
    public var status: String
    /// The hops completed so far, guard first.
    public var path: [ControlledRelay]
    /// Build flags, e.g. `NEED_CAPACITY`.
    public var buildFlags: [String]
    /// `GENERAL` for the circuits this client builds.
    public var purpose: String
    /// When the circuit was launched.
    public var timeCreated: Date
    /// Why a FAILED or CLOSED circuit ended (`TIMEOUT`, `DESTROYED`, `FINISHED`…), else nil.
    public var reason: String?

    /// A circuit from its parts.
    public init(
        id: String, status: String, path: [ControlledRelay], buildFlags: [String] = ["NEED_CAPACITY"],
        purpose: String = "GENERAL", timeCreated: Date, reason: String? = nil
    ) {
        self.id = id
        self.status = status
        self.path = path
        self.buildFlags = buildFlags
        self.purpose = purpose
        self.timeCreated = timeCreated
        self.reason = reason
    }
}

/// One stream (control-spec §4.1.2).
public struct ControlledStream: Sendable, Equatable {
    /// The controller-visible stream ID.
    public var id: String
    /// `NEW`, `SENTCONNECT`, `SUCCEEDED`, `FAILED`, `CLOSED`…
    public var status: String
    /// The circuit carrying it; nil (reported as `0`) before it is attached.
    public var circuitID: String?
    /// The destination host name or address as the application asked for it.
    public var targetHost: String
    /// The destination port.
    public var targetPort: UInt16
    /// Why a FAILED or CLOSED stream ended, else nil.
    public var reason: String?

    /// A stream from its parts.
    public init(id: String, status: String, circuitID: String?, targetHost: String, targetPort: UInt16, reason: String? = nil) {
        self.id = id
        self.status = status
        self.circuitID = circuitID
        self.targetHost = targetHost
        self.targetPort = targetPort
        self.reason = reason
    }
}

/// Byte totals since start.
public struct ControlledTraffic: Sendable, Equatable {
    /// Bytes read from relays.
    public var read: UInt64
    /// Bytes written to relays.
    public var written: UInt64

    /// Totals from their parts.
    public init(read: UInt64, written: UInt64) {
        self.read = read
        self.written = written
    }
}

/// One circuit breaker (TorCore/Resilience) by the name the client gives it.
public struct ControlledBreaker: Sendable, Equatable {
    /// What it guards, e.g. `guard-fetch` or a relay nickname; no spaces.
    public var name: String
    /// `closed`, `open` or `half-open`.
    public var state: CircuitBreakerState
    /// Failures since the last success.
    public var consecutiveFailures: Int

    /// A breaker from its parts.
    public init(name: String, state: CircuitBreakerState, consecutiveFailures: Int) {
        self.name = name
        self.state = state
        self.consecutiveFailures = consecutiveFailures
    }
}

/// Whether the torrc on disk was accepted when last read.
public enum ControlledTorrcStatus: Sendable, Equatable {
    /// It parsed and validated, and the client runs with it.
    case accepted
    /// It was rejected; the client keeps its previous configuration. `message` says why.
    case rejected(message: String)
}

/// One option's values for GETCONF.
public struct ControlledOption: Sendable, Equatable {
    /// The canonical spelling, e.g. `SocksPort`.
    public var name: String
    /// The values; empty when the option is unset; several for a list option.
    public var values: [String]

    /// An option from its parts.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
