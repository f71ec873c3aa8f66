import Logging
import NIOConcurrencyHelpers
import Synchronization
import TorCore

/// Routes every logger's lines to the sinks the torrc's `Log` lines name, and can be
/// reconfigured while the client runs (a reloaded `LogLevel` or `Log`).
///
/// The lowest severity any sink accepts is kept in an atomic, so a `logger.debug` call below
/// it costs one atomic load and no lock.
public final class TorLogRouter: Sendable {
    private let lowestRaw: Synchronization.Atomic<Int>
    private let state: NIOLockedValueBox<[TorLogSink]>

    /// A router writing to `sinks`.
    public init(sinks: [TorLogSink]) {
        lowestRaw = Synchronization.Atomic(Self.lowest(of: sinks).rawValue)
        state = NIOLockedValueBox(sinks)
    }

    /// A router for a configuration's `Log` lines; with none, notices and above to stdout, as
    /// C tor does. `LogLevel` is the minimum of the lines that give no severity, and when set
    /// explicitly it also lowers the minimum of the others.
    public convenience init(configuration: TorConfiguration) throws {
        self.init(sinks: try Self.sinks(for: configuration))
    }

    /// The sinks a configuration asks for, each as `destination` plus its severities.
    ///
    /// A Log line without a severity follows `LogLevel`; when the torrc sets `LogLevel`
    /// explicitly it also lowers (never raises) every other line's minimum, so `Log notice
    /// stdout` with `LogLevel debug` writes debug lines. A file whose target is already open in
    /// `reusing` keeps that descriptor (no reopen, no line lost or written twice).
    public static func sinks(for configuration: TorConfiguration, reusing open: [TorLogSink] = []) throws -> [TorLogSink] {
        try severityRanges(for: configuration).map { target, severities in
            if case .file = target, let existing = open.first(where: { $0.target == target }) {
                return existing.reusingOutput(severities: severities)
            }
            return try TorLogSink.open(target, severities: severities)
        }
    }

    /// Each destination's target and the severities it writes (pure: opens nothing).
    public static func severityRanges(for configuration: TorConfiguration) -> [(LogDestination.Target, ClosedRange<LogSeverity>)] {
        let level = configuration.reloadable.logLevel
        let destinations = configuration.logs.isEmpty
            ? [LogDestination(selectors: [], target: .standardOutput)] : configuration.logs
        return destinations.map { destination in
            let selectors = destination.effectiveSelectors(logLevel: level)
            var minimum = selectors.map(\.minimum).min() ?? level
            if configuration.isLogLevelExplicit { minimum = min(minimum, level) }
            let maximum = selectors.map(\.maximum).max() ?? .err
            return (destination.target, minimum...max(minimum, maximum))
        }
    }

    /// Rebuilds the sinks for a reloaded configuration, keeping open files open. On failure
    /// (a new log file that cannot be opened) the current sinks stay and the error is thrown.
    public func reconfigure(for configuration: TorConfiguration) throws {
        let current = state.withLockedValue { $0 }
        replace(sinks: try Self.sinks(for: configuration, reusing: current))
    }

    /// The sinks in use.
    public var currentSinks: [TorLogSink] { state.withLockedValue { $0 } }

    /// Replaces the sinks; lines already being written finish on the old ones.
    public func replace(sinks: [TorLogSink]) {
        state.withLockedValue { $0 = sinks }
        lowestRaw.store(Self.lowest(of: sinks).rawValue, ordering: .relaxed)
    }

    /// The least severe level any sink writes.
    public var lowestSeverity: LogSeverity {
        LogSeverity(rawValue: lowestRaw.load(ordering: .relaxed)) ?? .notice
    }

    /// The sinks that take a line of `severity`.
    func sinks(accepting severity: LogSeverity) -> [TorLogSink] {
        state.withLockedValue { sinks in sinks.filter { $0.accepts(severity) } }
    }

    /// A swift-log factory for `LoggingSystem.bootstrap`.
    public func makeHandler(label: String) -> any LogHandler {
        TorLogHandler(label: label, router: self)
    }

    private static func lowest(of sinks: [TorLogSink]) -> LogSeverity {
        sinks.map(\.severities.lowerBound).min() ?? .err
    }
}
