import Directory
import FoundationEssentials
import TorCore

// The value types ``ControlledClient`` returns: snapshots of the client for the control port.

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

extension ControlledRelay {
    /// A relay of the network view, as a circuit path shows it.
    public init(_ relay: Relay) {
        self.init(fingerprint: relay.rsaIdentity.description.uppercased(), nickname: relay.nickname)
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

/// The verified directory as GETINFO `ns/*` and `md/*` show it (control-spec §3.9).
public struct ControlledDirectory: Sendable {
    /// Every router status entry of the consensus, in consensus order.
    public var entries: [RouterStatus]
    /// The microdescriptors held, by digest.
    public var microdescriptors: [MicrodescriptorDigest: Microdescriptor]
    /// The consensus "client-versions"; nil when it gives none.
    public var clientVersions: [String]?

    /// A directory from its parts.
    public init(
        entries: [RouterStatus], microdescriptors: [MicrodescriptorDigest: Microdescriptor], clientVersions: [String]? = nil
    ) {
        self.entries = entries
        self.microdescriptors = microdescriptors
        self.clientVersions = clientVersions
    }

    /// The directory's consensus entries and microdescriptors.
    public init(_ directory: VerifiedDirectory) {
        self.init(
            entries: directory.consensus.consensus.routers, microdescriptors: directory.microdescriptors,
            clientVersions: directory.consensus.consensus.clientVersions)
    }

    /// The entry of the relay with this fingerprint (40 hex digits, any case, optional `$`).
    public func entry(fingerprint: String) -> RouterStatus? {
        let wanted = fingerprint.hasPrefix("$") ? String(fingerprint.dropFirst()) : fingerprint
        guard wanted.utf8.count == 40 else { return nil }
        // Hex digits and nicknames are ASCII: lowercasing compares them as C tor's strcasecmp.
        let lowered = wanted.lowercased()
        return entries.first { ControlStatusFormatter.hex($0.rsaIdentity).lowercased() == lowered }
    }

    /// The first entry with this nickname (nicknames are case-insensitive and not unique).
    public func entry(nickname: String) -> RouterStatus? {
        let lowered = nickname.lowercased()
        return entries.first { $0.nickname.lowercased() == lowered }
    }
}

/// One sampled entry guard (control-spec §3.9 `entry-guards`).
public struct ControlledGuard: Sendable, Equatable {
    /// The guard.
    public var relay: ControlledRelay
    /// `up`, `never-connected`, `down`, `unusable` or `unlisted`.
    public var status: String

    /// A guard from its parts.
    public init(relay: ControlledRelay, status: String) {
        self.relay = relay
        self.status = status
    }
}

/// One channel (TLS link) to a relay (control-spec §4.1.3 ORCONN, §3.9 `orconn-status`).
public struct ControlledChannel: Sendable, Equatable {
    /// The controller-visible connection ID.
    public var id: Int
    /// The relay at the far end.
    public var relay: ControlledRelay
    /// `LAUNCHED`, `CONNECTED`, `FAILED` or `CLOSED`.
    public var status: String
    /// Why a FAILED or CLOSED channel ended (`DONE`, `CONNECTREFUSED`, `TIMEOUT`, `MISC`…).
    public var reason: String?

    /// A channel from its parts.
    public init(id: Int, relay: ControlledRelay, status: String, reason: String? = nil) {
        self.id = id
        self.relay = relay
        self.status = status
        self.reason = reason
    }
}
