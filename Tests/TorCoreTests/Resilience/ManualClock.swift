import Synchronization
import TorCore

/// A ``ResilienceClock`` whose time moves only when a test says so, so no test sleeps for real.
///
/// Sleepers suspend until ``advance(by:)`` reaches their deadline, and throw
/// `CancellationError` the moment their task is cancelled. With `autoAdvance`, a sleep instead
/// moves the clock forward by its own duration and returns at once, for tests that only care
/// which delays were asked for (``requestedSleeps``).
final class ManualClock: ResilienceClock {
    private struct Sleeper {
        let id: Int
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var cancelledBeforeSuspending: Set<Int> = []
        var nextID = 0
        var requestedSleeps: [Duration] = []
    }

    private let state = Mutex(State())
    private let autoAdvance: Bool

    init(autoAdvance: Bool = false) { self.autoAdvance = autoAdvance }

    func now() -> ResilienceInstant {
        ResilienceInstant(offset: state.withLock { $0.now })
    }

    /// Every duration passed to `sleep(for:)`, in order.
    var requestedSleeps: [Duration] { state.withLock { $0.requestedSleeps } }

    /// How many sleepers are suspended right now.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.requestedSleeps.append(duration)
            state.nextID += 1
            return state.nextID
        }
        if autoAdvance {
            advance(by: duration)
            return
        }
        guard duration > .zero else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledBeforeSuspending.remove(id) != nil { return .failure(CancellationError()) }
                    state.sleepers.append(Sleeper(id: id, deadline: state.now + duration, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledBeforeSuspending.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes, in deadline order, every sleeper whose deadline is reached.
    func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (yielding, never sleeping) until `count` sleepers are suspended; false if that
    /// does not happen within `limit` of real time, so a broken test fails instead of hanging.
    func waitForSleepers(_ count: Int = 1, limit: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while sleeperCount < count {
            if ContinuousClock.now >= deadline { return false }
            await Task.yield()
        }
        return true
    }
}
