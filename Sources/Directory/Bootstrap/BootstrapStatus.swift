import TorCore

/// C tor's bootstrap reporting as a pure state machine (control-spec 5.5, "Bootstrapped N%"):
/// phases only move forward, each phase is entered once, and within a phase the progress may
/// rise (the "loading_descriptors" share); a report that would not move forward is dropped.
///
/// Severity follows tor: a report is a notice when it enters a new phase or moves at least
/// ``noticeIncrement`` points past the last notice, and info otherwise. Once 100% (done) is
/// reached nothing more is reported.
public struct BootstrapStatus: Sendable {
    /// One accepted report.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        /// The phase.
        public let phase: BootstrapPhase
        /// The percentage, at least the phase's own and below the next phase's.
        public let progress: Int
        /// Notice or info, as tor logs it.
        public let severity: LogSeverity

        /// The log line's text: `Bootstrapped 57% (loading_descriptors): Loading relay descriptors`.
        public var logMessage: String { "Bootstrapped \(progress)% (\(phase.tag)): \(phase.summary)" }

        /// What `GETINFO status/bootstrap-phase` answers (control-spec 3.9, 4.1.10):
        /// `NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"`.
        public var controlStatus: String {
            "NOTICE BOOTSTRAP PROGRESS=\(progress) TAG=\(phase.tag) SUMMARY=\"\(phase.summary)\""
        }

        /// The log message.
        public var description: String { logMessage }
    }

    /// Points of progress within a phase that earn another notice (tor's BOOTSTRAP_PCT_INCREMENT).
    public static let noticeIncrement = 5

    /// Every accepted report, oldest first.
    public private(set) var history: [Report] = []
    private var lastNoticeProgress = -1

    /// Nothing reported yet.
    public init() {}

    /// The last accepted report; nil before the first.
    public var current: Report? { history.last }

    /// The current percentage; -1 before the first report.
    public var progress: Int { history.last?.progress ?? -1 }

    /// True once 100% (done) was reported.
    public var isDone: Bool { progress >= BootstrapPhase.done.progress }

    /// Records that `phase` was reached, optionally with a `progress` inside it (clamped to
    /// the phase's span: from its own percentage to just below the next phase's). Returns the
    /// report to log, or nil when it would not move bootstrapping forward.
    public mutating func record(_ phase: BootstrapPhase, progress: Int? = nil) -> Report? {
        guard !isDone else { return nil }
        let value = min(max(progress ?? phase.progress, phase.progress), Self.ceiling(of: phase))
        let isNewPhase = phase.progress > self.progress
        guard isNewPhase || (progress != nil && value > self.progress) else { return nil }
        let isNotice = isNewPhase || value >= lastNoticeProgress + Self.noticeIncrement
        let report = Report(phase: phase, progress: value, severity: isNotice ? .notice : .info)
        if isNotice { lastNoticeProgress = value }
        history.append(report)
        return report
    }

    /// The highest percentage a report of `phase` may carry: one below the next known phase.
    static func ceiling(of phase: BootstrapPhase) -> Int {
        let next = BootstrapPhase.all.map(\.progress).filter { $0 > phase.progress }.min()
        return next.map { $0 - 1 } ?? phase.progress
    }
}
