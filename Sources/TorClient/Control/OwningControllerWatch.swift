import NIOConcurrencyHelpers
import TorCore

/// `__OwningControllerProcess` (tor(1), control-spec.txt §3.23): while set, the client checks
/// every ``pollInterval`` whether that process still exists and, once it is gone, calls the
/// exit action once — the client then logs why and shuts down cleanly, as C tor does.
///
/// Invariant: at most one poll loop runs, for the PID in ``processID``; setting a new PID (or
/// none) ends the previous loop first.
public actor OwningControllerWatch {
    /// How often the process is checked. C tor polls too; a second keeps the exit prompt.
    public static let defaultPollInterval: Duration = .seconds(1)

    /// The process watched, nil when none.
    public private(set) var processID: Int32?
    private var loop: Task<Void, Never>?
    private let clock: any ResilienceClock
    private let pollInterval: Duration
    private let isRunning: @Sendable (Int32) -> Bool
    private let processGone: @Sendable (Int32) -> Void

    /// A watch that calls `processGone` with the PID once the watched process is gone.
    /// `isRunning` (nil: kill(pid, 0)) tells whether a process exists.
    public init(
        clock: any ResilienceClock = SystemResilienceClock(), pollInterval: Duration = defaultPollInterval,
        isRunning: (@Sendable (Int32) -> Bool)? = nil,
        processGone: @escaping @Sendable (Int32) -> Void
    ) {
        self.clock = clock
        self.pollInterval = pollInterval
        self.isRunning = isRunning ?? { ProcessFacts.isRunning($0) }
        self.processGone = processGone
    }

    /// Watches `processID` from now on (nil: stops watching).
    public func watch(_ processID: Int32?) {
        loop?.cancel()
        loop = nil
        self.processID = processID
        guard let processID else { return }
        let (clock, interval, isRunning, processGone) = (self.clock, pollInterval, self.isRunning, self.processGone)
        loop = Task {
            while !Task.isCancelled {
                guard isRunning(processID) else {
                    processGone(processID)
                    return
                }
                do { try await clock.sleep(for: interval) } catch { return }
            }
        }
    }

    /// Stops watching (at shutdown).
    public func stop() {
        watch(nil)
    }
}

/// A late-bound weak reference to the client, for callbacks made by parts created before it.
final class ShutdownTarget: Sendable {
    private struct Box: @unchecked Sendable {
        weak var client: TorClient?
    }

    private let box = NIOLockedValueBox(Box())

    /// The client, once it exists and while it lives.
    var client: TorClient? {
        get { box.withLockedValue { $0.client } }
        set { box.withLockedValue { $0.client = newValue } }
    }
}
