import Directory
import Logging
import TorCore

/// Keeps the client's verified directory current (dir-spec 5): bootstraps it (warm from the
/// cache, or cold), then refreshes the consensus on dir-spec 5.1's schedule, fetching the
/// microdescriptors of relays it adds, and swaps each new ``NetworkView`` into the
/// ``NetworkViewStore`` whole, so circuit code never sees half of one consensus. Every view
/// that is taken is also given to the ``GuardManager`` (guard-spec 4.10).
///
/// ``run()`` never ends on a failure: a failed bootstrap or refresh is logged, counted and
/// retried after the retry policy's delay (dir-spec 5.5); only cancellation ends it. Time is
/// injected: `now` (Unix seconds) decides when a refresh is due, `clock` sleeps.
public actor DirectoryService {
    /// The default wait between failed or stale refreshes: dir-spec 5.5's decorrelated jitter
    /// from 5 seconds up to 10 minutes, for as long as the loop runs.
    public static let defaultRetry = RetryPolicy(
        maxAttempts: .max, baseDelay: .seconds(5), maxDelay: .seconds(600), jitter: .decorrelated)

    /// Fetches and verifies the documents.
    public nonisolated let bootstrapper: DirectoryBootstrapper
    /// Where circuit code reads the current view.
    public nonisolated let store: NetworkViewStore
    /// Told about every view that is taken, when given.
    public nonisolated let guards: GuardManager?
    private let clock: any ResilienceClock
    private let now: @Sendable () -> Int64
    private let retry: RetryPolicy
    private let logger: Logger
    private var random: AnyRandomGenerator
    private var counts = DirectoryServiceStatus()
    private var inFlight: Task<NetworkView, any Error>?
    private var viewObserver: (@Sendable (VerifiedDirectory) -> Void)?

    /// A service over `bootstrapper` that publishes into `store` and `guards`.
    ///
    /// - Parameters:
    ///   - clock: what ``run()`` sleeps on.
    ///   - now: Unix seconds, compared with the bootstrapper's ``DirectoryBootstrapper/nextConsensusFetch``.
    ///   - retry: the waits after failed or stale refreshes.
    public init(
        bootstrapper: DirectoryBootstrapper, store: NetworkViewStore = NetworkViewStore(), guards: GuardManager? = nil,
        clock: any ResilienceClock = SystemResilienceClock(),
        now: @escaping @Sendable () -> Int64 = DirectoryBootstrapper.systemNow, retry: RetryPolicy = defaultRetry,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        logger: Logger = Logger(label: "torswift.directory")
    ) {
        self.bootstrapper = bootstrapper
        self.store = store
        self.guards = guards
        self.clock = clock
        self.now = now
        self.retry = retry
        self.random = AnyRandomGenerator(random)
        self.logger = logger
    }

    /// Bootstraps (from the cache when it still verifies, else from the network) and stores
    /// the view. A call while a bootstrap or refresh runs waits for that one.
    ///
    /// - Throws: the bootstrapper's `dir.bootstrap.*` errors.
    @discardableResult
    public func bootstrap() async throws -> NetworkView {
        try await once { try await self.bootstrapper.bootstrap() }
    }

    /// Fetches a consensus now, with the microdescriptors of relays it adds, and stores the
    /// view when it is newer than the held one.
    @discardableResult
    public func refresh() async throws -> NetworkView {
        try await once {
            let directory = try await self.bootstrapper.refresh()
            await self.countRefresh()
            return directory
        }
    }

    /// True when no view is held yet or the scheduled consensus fetch time has come by `now`.
    public func isRefreshDue() async -> Bool {
        guard await store.current != nil, let next = await bootstrapper.nextConsensusFetch else { return true }
        return now() >= next
    }

    /// The counters and the times of the consensus in use.
    public func status() async -> DirectoryServiceStatus {
        var status = counts
        status.counters = await bootstrapper.counters
        status.nextConsensusFetch = await bootstrapper.nextConsensusFetch
        if let view = await store.current {
            status.validAfter = view.validAfter
            status.freshUntil = view.freshUntil
            status.validUntil = view.validUntil
        }
        return status
    }

    /// Bootstraps if needed, then refreshes whenever one is due, until the task is cancelled.
    /// Each sleep is bounded (``DirectoryRefreshTiming``) and ends at once on cancellation.
    public func run() async {
        var misses = 0
        var previousWait: Duration?
        while !Task.isCancelled {
            let held = await store.current?.validAfter
            var missed = false
            do {
                if held == nil {
                    try await bootstrap()
                } else if await isRefreshDue() {
                    let view = try await refresh()
                    if let held, view.validAfter <= held {
                        missed = true
                        logger.info("The directories have no consensus newer than the one held yet; trying again later")
                    }
                }
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                missed = true
                counts.failures += 1
                counts.lastFailure = "\(error)"
                logger.warning("Could not \(held == nil ? "bootstrap" : "refresh") the directory: \(error); will retry")
            }
            let wait: Duration
            if missed {
                misses += 1
                wait = DirectoryRefreshTiming.sleepAfterMiss(misses: misses, previous: previousWait, retry: retry, using: &random)
                previousWait = wait
            } else {
                misses = 0
                previousWait = nil
                let next = await bootstrapper.nextConsensusFetch
                wait = DirectoryRefreshTiming.sleepUntilFetch(nextFetch: next, now: now())
            }
            do {
                try await clock.sleep(for: wait)
            } catch {
                return
            }
        }
    }

    /// Runs `fetch` unless a fetch already runs (then waits for that one), and publishes
    /// what it verified.
    private func once(_ fetch: @escaping @Sendable () async throws -> VerifiedDirectory) async throws -> NetworkView {
        if let inFlight { return try await inFlight.value }
        let task = Task { await self.publish(try await fetch()) }
        inFlight = task
        defer { inFlight = nil }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Calls `observer` with each directory whose consensus replaced an older one (or the
    /// first), after the store took its view: the control port's NEWCONSENSUS event.
    public func observeNewConsensus(_ observer: @escaping @Sendable (VerifiedDirectory) -> Void) {
        viewObserver = observer
    }

    private func countRefresh() {
        counts.refreshes += 1
        counts.lastRefresh = now()
    }

    /// Makes `directory`'s view current unless a newer one is held; returns the view in use.
    private func publish(_ directory: VerifiedDirectory) async -> NetworkView {
        let view = NetworkView(consensus: directory.consensus, microdescriptors: directory.microdescriptors)
        let previous = await store.current?.validAfter
        guard await store.replace(with: view) else {
            return await store.current ?? view
        }
        let isNewer = previous.map { view.validAfter > $0 } ?? true
        if isNewer, previous != nil { counts.viewsReplaced += 1 }
        if isNewer { viewObserver?(directory) }
        await guards?.update(view: view)
        logger.log(
            level: isNewer ? .info : .debug,
            "Network view now holds \(view.relays.count) usable relays (\(view.relaysWithoutMicrodescriptor.count) without microdescriptor), valid until \(DirectoryTime.format(view.validUntil)) UTC")
        return view
    }
}
