import TorCore

/// Decides what a new torrc text means for the running client (sans-IO: text in, outcome out).
///
/// The text is parsed and validated whole; if any line is wrong nothing is applied. A valid
/// text is merged into the running configuration: the fifteen ``ReloadableSettings``, `Log`,
/// `SafeLogging`, `TorrcPollInterval`, `MapAddress` and the NODE SELECTION OPTIONS take their
/// new values; `SocksPort` and `ControlPort` do too when the client rebinds listeners live
/// (``rebindsListenersLive``); every other option keeps its running value and is reported as
/// needing a restart.
public struct ReloadPlanner: Sendable {
    /// The options outside ``ReloadableSettings`` that a running client applies at once: the
    /// log router takes `Log` and `SafeLogging`, the reloader itself `TorrcPollInterval`.
    /// The NODE SELECTION OPTIONS go to the guards and the path choice, MapAddress to the
    /// address map.
    public static let liveOptions: Set<String> = Set(["Log", "SafeLogging", "TorrcPollInterval", "MapAddress"] + NodeSelection.optionNames)
    /// The listener options, applied live only by a client that rebinds its listeners.
    public static let listenerOptions: Set<String> = ["SocksPort", "ControlPort"]
    /// How many rejected versions are remembered, so that each is reported once; a bounded
    /// list, since an editor's intermediate saves could otherwise grow it without end.
    public static let rememberedRejections = 16

    /// The name the torrc has in messages (its path).
    public let fileName: String
    /// The home directory `~` expands to.
    public let homeDirectory: String
    /// Whether `SocksPort` and `ControlPort` changes are applied (the core rebinds) rather than
    /// reported as needing a restart.
    public var rebindsListenersLive: Bool
    private var rejectedDigests: [[UInt8]] = []

    /// A planner for the torrc named `fileName`.
    public init(fileName: String, homeDirectory: String, rebindsListenersLive: Bool = false) {
        self.fileName = fileName
        self.homeDirectory = homeDirectory
        self.rebindsListenersLive = rebindsListenersLive
    }

    /// Parses `version` and merges it into `running`. A rejection of content already rejected
    /// has `isRepeat` set.
    public mutating func plan(running: TorConfiguration, version: TorrcVersion) -> ReloadOutcome {
        let loaded: TorConfiguration
        let warnings: [ConfigurationWarning]
        do {
            (loaded, warnings) = try TorConfiguration.parse(text: version.text, fileName: fileName, homeDirectory: homeDirectory)
        } catch {
            let reasons = (error as? ConfigurationProblems)?.errors.map(\.reason) ?? ["\(fileName): \(error)"]
            return .rejected(ReloadRejection(reasons: reasons, isRepeat: rememberRejection(version.digest)))
        }
        return Self.merge(running: running, loaded: loaded, warnings: warnings, rebindsListenersLive: rebindsListenersLive)
    }

    /// Merges a valid configuration into the running one (pure).
    public static func merge(
        running: TorConfiguration, loaded: TorConfiguration, warnings: [ConfigurationWarning], rebindsListenersLive: Bool
    ) -> ReloadOutcome {
        var next = running
        next.reloadable = loaded.reloadable
        next.isLogLevelExplicit = loaded.isLogLevelExplicit
        next.logs = loaded.logs
        next.safeLogging = loaded.safeLogging
        next.torrcPollInterval = loaded.torrcPollInterval
        next.nodes = loaded.nodes
        next.addressMappings = loaded.addressMappings
        if rebindsListenersLive {
            next.socksPorts = loaded.socksPorts
            next.controlPorts = loaded.controlPorts
        }
        guard next != running || loaded.changedOptions(from: running).contains(where: { !liveOptions.contains($0) }) else {
            return .unchanged
        }

        var changes = next.reloadableDiff(from: running).map { ReloadChange(option: $0.name, old: $0.old, new: $0.new) }
        if next.isLogLevelExplicit != running.isLogLevelExplicit, next.reloadable.logLevel == running.reloadable.logLevel {
            // Same level, but an explicit LogLevel also lowers the other Log lines.
            let level = next.reloadable.logLevel.description
            changes.append(ReloadChange(
                option: "LogLevel", old: running.isLogLevelExplicit ? level : "\(level) (default)",
                new: next.isLogLevelExplicit ? level : "\(level) (default)"))
        }
        var listenerChanges: [ReloadChange] = []
        for (before, after) in zip(running.restartOnlyValues, next.restartOnlyValues) where before.value != after.value {
            let change = ReloadChange(
                option: after.name, old: shown(before.value, of: after.name), new: shown(after.value, of: after.name))
            if listenerOptions.contains(after.name) { listenerChanges.append(change) } else { changes.append(change) }
        }
        let restartRequired = loaded.changedOptions(from: next)
        return .applied(ReloadPlan(
            previous: running, configuration: next, changes: changes + listenerChanges, listenerChanges: listenerChanges,
            restartRequired: restartRequired, warnings: warnings))
    }

    /// Records a rejected digest; true when it was already there.
    private mutating func rememberRejection(_ digest: [UInt8]) -> Bool {
        if rejectedDigests.contains(digest) { return true }
        rejectedDigests.append(digest)
        if rejectedDigests.count > Self.rememberedRejections { rejectedDigests.removeFirst() }
        return false
    }

    /// An empty list value shows as `(none)` rather than nothing.
    /// MapAddress lines name places the user visits, which SafeLogging keeps out of logs, so
    /// only their number is shown.
    private static func shown(_ value: String, of option: String) -> String {
        guard !value.isEmpty else { return "(none)" }
        guard option == "MapAddress" else { return value }
        let count = value.split(separator: ";").count
        return count == 1 ? "1 mapping" : "\(count) mappings"
    }
}
