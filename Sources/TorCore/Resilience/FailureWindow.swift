/// The outcomes of the calls that finished within the last `length` of time, for a breaker's
/// failure-rate rule.
///
/// Memory is bounded by ``capacity``: past it the oldest outcome is dropped, which only matters
/// when more calls than that finish within one window, and then the newest ones are the better
/// sample anyway. Recording and pruning cost O(1) amortised, with no allocation once the buffer
/// has grown.
struct FailureWindow: Sendable {
    /// The most outcomes kept, whatever the window length.
    static let capacity = 1024

    private struct Sample: Sendable {
        let at: ResilienceInstant
        let failed: Bool
    }

    /// How far back the window looks.
    let length: Duration
    /// A ring buffer: `head` indexes the oldest of `count` samples.
    private var samples: [Sample] = []
    private var head = 0
    private(set) var count = 0
    private(set) var failures = 0

    init(length: Duration) {
        self.length = length
    }

    /// Adds the outcome of a call that finished at `at` (not earlier than any outcome before).
    mutating func record(failed: Bool, at: ResilienceInstant) {
        prune(now: at)
        if count == Self.capacity { dropOldest() }
        let sample = Sample(at: at, failed: failed)
        if samples.count < Self.capacity {
            samples.append(sample)
        } else {
            samples[(head + count) % Self.capacity] = sample
        }
        count += 1
        if failed { failures += 1 }
    }

    /// Forgets outcomes that finished `length` or longer before `now`.
    mutating func prune(now: ResilienceInstant) {
        let oldestKept = now.advanced(by: .zero - length)
        while count > 0, samples[head].at <= oldestKept { dropOldest() }
    }

    /// Forgets everything (the breaker opened or closed: old outcomes no longer describe it).
    mutating func reset() {
        samples.removeAll(keepingCapacity: true)
        head = 0
        count = 0
        failures = 0
    }

    private mutating func dropOldest() {
        if samples[head].failed { failures -= 1 }
        head = (head + 1) % max(samples.count, 1)
        count -= 1
        if count == 0 {
            samples.removeAll(keepingCapacity: true)
            head = 0
        }
    }
}
