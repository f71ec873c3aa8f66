import Logging
import TorCore

/// The live torrc: holds the running configuration, polls the file, and hands every accepted
/// change to the components that registered for it, in registration order.
///
/// One path for every trigger: the poll loop (``run()``), SIGHUP and the control port's
/// `SIGNAL RELOAD` (``reload(trigger:)``), and `SETCONF` (``setConfiguration(_:)``). A version
/// that does not parse changes nothing and is reported once; a valid one is applied whole,
/// except the options that need a restart, which are named in the log.
///
/// Targets are `@Sendable (ReloadPlan) async throws -> Void`: each reads what it needs from
/// `plan.configuration` (`ChannelPoolSettings(plan.configuration.reloadable)`, ...). They run
/// one reload at a time; a target that throws keeps its old settings, the others still apply,
/// and ``status`` names it.
public actor ConfigurationReloader {
    /// What started a reload.
    public enum Trigger: String, Sendable {
        /// The poll loop noticed a change.
        case poll
        /// SIGHUP.
        case signal
        /// A controller (`SIGNAL RELOAD`, `SETCONF`).
        case control
    }

    /// Applies an accepted plan to one component.
    public typealias Apply = @Sendable (ReloadPlan) async throws -> Void

    /// The torrc's path.
    public nonisolated let path: String
    /// The configuration running now.
    public private(set) var configuration: TorConfiguration
    /// The last outcome, for `torctl status`.
    public private(set) var status: ReloadStatus = .notChecked
    /// The torrc text behind ``configuration`` with any SETCONF changes (what SAVECONF writes);
    /// nil until the file was first read.
    public private(set) var runningText: String?

    var watcher: TorrcWatcher
    var planner: ReloadPlanner
    private var targets: [(name: String, apply: Apply)] = []
    private var applying: Task<[String], Never>?
    let clock: any ResilienceClock
    let wallClock: @Sendable () -> Duration
    let logger: Logger

    /// A reloader for the torrc at `path`, now running `configuration`.
    /// - Parameters:
    ///   - clock: paces the poll loop (tests inject a manual clock).
    ///   - wallClock: time since the Unix epoch, for mtimes and ``status``.
    public init(
        path: String, configuration: TorConfiguration,
        homeDirectory: String = ConfigurationEnvironment.homeDirectory,
        fileSystem: any TorrcFileSystem = LocalTorrcFileSystem(), clock: any ResilienceClock = SystemResilienceClock(),
        wallClock: @escaping @Sendable () -> Duration = TorrcWatcher.systemWallClock,
        logger: Logger = Logger(label: "torswift.config")
    ) {
        self.path = path
        self.configuration = configuration
        self.watcher = TorrcWatcher(path: path, fileSystem: fileSystem, wallClock: wallClock)
        self.planner = ReloadPlanner(fileName: path, homeDirectory: homeDirectory)
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
    }

    /// Adds a component to tell about accepted changes; targets run in the order registered.
    public func register(_ name: String, _ apply: @escaping Apply) {
        targets.append((name, apply))
    }

    /// Adds the component that rebinds SocksPort and ControlPort listeners: from now on listener
    /// changes are applied (``ReloadPlan/listenerChanges``) rather than reported as needing a restart.
    public func registerListeners(_ name: String, _ apply: @escaping Apply) {
        planner.rebindsListenersLive = true
        register(name, apply)
    }

    /// Polls the torrc every `TorrcPollInterval` (read again after each reload) until the
    /// calling task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: configuration.torrcPollInterval) } catch { return }
            await reload(trigger: .poll)
        }
    }

    /// Looks at the torrc and applies what changed. `.signal` and `.control` always read and
    /// report, even content seen before; `.poll` stays quiet about versions already reported.
    @discardableResult
    public func reload(trigger: Trigger) async -> ReloadOutcome {
        if trigger != .poll {
            logger.notice("Received reload signal (\(trigger == .signal ? "hup" : "control")). Reloading config.")
        }
        switch watcher.poll(force: trigger != .poll) {
        case .unchanged:
            return .unchanged
        case .unreadable(let message):
            let rejection = ReloadRejection(reasons: [message], isRepeat: false)
            reject(rejection)
            return .rejected(rejection)
        case .changed(let version):
            let outcome = planner.plan(running: configuration, version: version)
            return await settle(outcome, text: version.text, trigger: trigger)
        }
    }

    /// Logs and applies an outcome; `text` is the torrc text it came from.
    func settle(_ outcome: ReloadOutcome, text: String, trigger: Trigger) async -> ReloadOutcome {
        switch outcome {
        case .unchanged:
            runningText = text
            if trigger != .poll { logger.notice("Reloaded torrc \(path): nothing changed.") }
            status = .accepted(at: wallClock(), failedTargets: [])
        case .rejected(let rejection):
            // The status always tells; the log only once per bad version unless asked.
            reject(rejection, log: !rejection.isRepeat || trigger != .poll)
        case .applied(let plan):
            runningText = text
            await apply(plan)
        }
        return outcome
    }

    private func reject(_ rejection: ReloadRejection, log: Bool = true) {
        if log { logger.warning("Reload of \(path) rejected: \(rejection); keeping the running configuration.") }
        status = .rejected(at: wallClock(), message: rejection.description)
    }

    /// Makes `plan` the running configuration and runs every target, one reload at a time.
    private func apply(_ plan: ReloadPlan) async {
        configuration = plan.configuration
        for warning in plan.warnings { logger.warning("\(warning)") }
        if !plan.changes.isEmpty {
            logger.notice("Reloaded torrc \(path): \(plan.changes.map(\.description).joined(separator: ", "))")
        }
        for option in plan.restartRequired {
            logger.notice("\(option) changed in \(path); restart the client to apply it.")
        }
        let previous = applying
        let targets = self.targets
        let logger = self.logger
        let run = Task {
            _ = await previous?.value
            var failed: [String] = []
            for target in targets {
                do {
                    try await target.apply(plan)
                } catch {
                    failed.append(target.name)
                    logger.warning("Could not apply the reloaded torrc to the \(target.name): \(error); it keeps its previous settings.")
                }
            }
            return failed
        }
        applying = run
        let failed = await run.value
        status = .accepted(at: wallClock(), failedTargets: failed)
    }
}
