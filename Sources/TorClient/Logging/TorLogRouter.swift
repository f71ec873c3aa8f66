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
    /// C tor does. `LogLevel` is the minimum of the lines that give no severity.
    public convenience init(configuration: TorConfiguration) throws {
        self.init(sinks: try Self.sinks(for: configuration))
    }

    /// The sinks a configuration asks for.
    public static func sinks(for configuration: TorConfiguration) throws -> [TorLogSink] {
        let level = configuration.reloadable.logLevel
        let destinations = configuration.logs.isEmpty
            ? [LogDestination(selectors: [], target: .standardOutput)] : configuration.logs
        return try destinations.map { destination in
            let selectors = destination.effectiveSelectors(logLevel: level)
            let minimum = selectors.map(\.minimum).min() ?? level
            let maximum = selectors.map(\.maximum).max() ?? .err
            return try TorLogSink.open(destination.target, severities: minimum...max(minimum, maximum))
        }
    }

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
