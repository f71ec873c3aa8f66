import Logging
import Synchronization
import TorCore

/// The process's bootstrap progress: records reports in a ``BootstrapStatus`` and logs each
/// accepted one as C tor does, `Bootstrapped N% (tag): summary` at notice (or info) level.
///
/// Shared by the directory bootstrapper, its transports and later the circuit layer; safe to
/// call from any thread. Keeps the history for tests and the last report for the control
/// port's `GETINFO status/bootstrap-phase`.
public final class BootstrapProgress: Sendable {
    private let status = Mutex(BootstrapStatus())
    private let logger: Logger
    private let observer: (@Sendable (BootstrapStatus.Report) -> Void)?

    /// A fresh reporter that logs to `logger` and tells `observer` (the control port's
    /// STATUS_CLIENT BOOTSTRAP events) about every accepted report, in order.
    public init(
        logger: Logger = Logger(label: "torswift.bootstrap"),
        observer: (@Sendable (BootstrapStatus.Report) -> Void)? = nil
    ) {
        self.logger = logger
        self.observer = observer
    }

    /// Reports `phase` (with an optional `progress` within it); logs it when it moves
    /// bootstrapping forward, and returns whether it did.
    @discardableResult
    public func report(_ phase: BootstrapPhase, progress: Int? = nil) -> Bool {
        // Logged inside the lock so that lines appear in the order the reports were accepted.
        status.withLock { status in
            guard let report = status.record(phase, progress: progress) else { return false }
            logger.log(level: report.severity == .notice ? .notice : .info, "\(report.logMessage)")
            observer?(report)
            return true
        }
    }

    /// Reports "loading_descriptors" with C tor's share: 50% plus up to 24 points as
    /// `fetched` of `total` microdescriptors approach `requiredFraction` of them.
    @discardableResult
    public func reportDescriptors(fetched: Int, total: Int, requiredFraction: Double) -> Bool {
        report(.loadingDescriptors, progress: Self.descriptorProgress(fetched: fetched, total: total, requiredFraction: requiredFraction))
    }

    /// The percentage ``reportDescriptors(fetched:total:requiredFraction:)`` reports.
    public static func descriptorProgress(fetched: Int, total: Int, requiredFraction: Double) -> Int {
        let span = Double(BootstrapPhase.enoughDirectoryInfo.progress - 1 - BootstrapPhase.loadingDescriptors.progress)
        guard total > 0, requiredFraction > 0 else { return BootstrapPhase.loadingDescriptors.progress }
        let share = min(1, Double(fetched) / Double(total) / requiredFraction)
        return BootstrapPhase.loadingDescriptors.progress + Int(share * span)
    }

    /// The last accepted report; nil before the first.
    public var current: BootstrapStatus.Report? { status.withLock { $0.current } }

    /// Every accepted report, oldest first.
    public var history: [BootstrapStatus.Report] { status.withLock { $0.history } }

    /// The current percentage; -1 before the first report.
    public var percentage: Int { status.withLock { $0.progress } }

    /// What `GETINFO status/bootstrap-phase` answers; before any report, tor's starting line.
    public var controlStatus: String {
        current?.controlStatus
            ?? BootstrapStatus.Report(phase: .starting, progress: 0, severity: .notice).controlStatus
    }
}
