import Synchronization
import TorCore

/// A ``ResilienceClock`` for the pool actor's tests: time moves only in ``advance(by:)``, which
/// resumes every sleeper whose deadline it reaches; a cancelled sleeper throws at once.
final class PoolManualClock: ResilienceClock {
    private struct Sleeper {
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Int: Sleeper] = [:]
        var cancelledEarly: Set<Int> = []
        var lastID = 0
    }

    private let state = Mutex(State())

    func now() -> ResilienceInstant { ResilienceInstant(offset: state.withLock { $0.now }) }

    /// When each sleeper wakes, soonest first.
    var deadlines: [Duration] { state.withLock { $0.sleepers.values.map(\.deadline).sorted() } }

    /// Sleepers waiting now.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledEarly.remove(id) != nil { return .failure(CancellationError()) }
                    if duration <= .zero { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: state.now + duration, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                let sleeper = state.sleepers.removeValue(forKey: id)
                if sleeper == nil { state.cancelledEarly.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes the sleepers that are due, earliest first.
    func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.now += duration
            let due = state.sleepers.filter { $0.value.deadline <= state.now }.sorted { $0.value.deadline < $1.value.deadline }
            for (id, _) in due { state.sleepers[id] = nil }
            return due.map(\.value.continuation)
        }
        for continuation in due { continuation.resume() }
    }
}

/// Lets other tasks run until `condition` holds; fails the test rather than hang when it never
/// does. The bound is real time only so a loaded machine cannot fail it; no test logic depends
/// on real time passing.
func settle(_ what: String, _ condition: () async -> Bool) async throws {
    let limit = ContinuousClock.now + .seconds(90)
    var rounds = 0
    while ContinuousClock.now < limit {
        if await condition() { return }
        rounds += 1
        if rounds % 100 == 0 { try await Task.sleep(for: .milliseconds(1)) } else { await Task.yield() }
    }
    throw SettleTimeout(what: what)
}

struct SettleTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "never happened: \(what)" }
}
