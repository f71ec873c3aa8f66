import TorCore

/// What a reload decided, before anything is applied.
public enum ReloadOutcome: Sendable {
    /// The new text configures exactly what is running.
    case unchanged
    /// The new text is invalid (or the file unreadable); the running configuration stays.
    case rejected(ReloadRejection)
    /// The new text is valid and changes something.
    case applied(ReloadPlan)
}

/// Why a version of the torrc was not applied.
public struct ReloadRejection: Sendable, CustomStringConvertible {
    /// Every problem found, each `file:line: Option "value": problem; what to do.`; one
    /// `reload.unreadable` error when the file could not be read.
    public let reasons: [String]
    /// True when this same content was rejected before (the log says so only once).
    public let isRepeat: Bool

    /// A rejection.
    public init(reasons: [String], isRepeat: Bool) {
        self.reasons = reasons
        self.isRepeat = isRepeat
    }

    /// The reasons on one line.
    public var description: String { reasons.joined(separator: "; ") }
}

/// One option whose value changed, in torrc form: `CircuitPoolMinSize 2 -> 6`.
public struct ReloadChange: Sendable, Equatable, CustomStringConvertible {
    /// The option's canonical name.
    public let option: String
    /// The running value.
    public let old: String
    /// The new value.
    public let new: String

    /// A change.
    public init(option: String, old: String, new: String) {
        self.option = option
        self.old = old
        self.new = new
    }

    /// `Option old -> new`.
    public var description: String { "\(option) \(old) -> \(new)" }
}

/// A valid new torrc, merged with the running configuration.
///
/// Invariant: `configuration` equals `previous` in every option listed in `restartRequired`,
/// and takes the new file's value for every other option.
public struct ReloadPlan: Sendable {
    /// The configuration running before the reload.
    public let previous: TorConfiguration
    /// The configuration to run from now on.
    public let configuration: TorConfiguration
    /// Every option applied live that changed, in ``ReloadableSettings/torrcValues`` order, then
    /// `Log`, `SafeLogging`, `TorrcPollInterval`, then the listeners (when rebound live).
    public let changes: [ReloadChange]
    /// `SocksPort` and `ControlPort` changes, also in `changes`: the listeners to rebind.
    public let listenerChanges: [ReloadChange]
    /// Options that changed in the file but only take effect after a restart.
    public let restartRequired: [String]
    /// The new file's warnings (ignored options, repeated options), in line order.
    public let warnings: [ConfigurationWarning]

    /// A plan.
    public init(
        previous: TorConfiguration, configuration: TorConfiguration, changes: [ReloadChange],
        listenerChanges: [ReloadChange], restartRequired: [String], warnings: [ConfigurationWarning]
    ) {
        self.previous = previous
        self.configuration = configuration
        self.changes = changes
        self.listenerChanges = listenerChanges
        self.restartRequired = restartRequired
        self.warnings = warnings
    }

    /// The changed options' names.
    public var changedOptions: [String] { changes.map(\.option) }
}
