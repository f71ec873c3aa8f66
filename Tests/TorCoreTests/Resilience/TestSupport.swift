import Synchronization
import TorCore

/// A failure a retry should repeat (not a TorCoreError, so the default classifier retries it).
struct TransientFailure: Error, Equatable, CustomStringConvertible {
    var number = 0
    var description: String { "transient failure \(number)" }
}

/// A failure the default classifier refuses to retry.
let badInputFailure = TorCoreError("test.badInput", kind: .badInput, "bad input")

/// A counter shared with tasks.
final class Counter: Sendable {
    private let storage = Atomic<Int>(0)
    var value: Int { storage.load(ordering: .relaxed) }
    @discardableResult
    func increment() -> Int { storage.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// Collects what observers are told, in order.
final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])
    var values: [Element] { storage.withLock { $0 } }
    func append(_ element: Element) { storage.withLock { $0.append(element) } }
}

extension ResilienceInstant {
    /// The instant `seconds` after the origin.
    static func at(seconds: Int64) -> ResilienceInstant { ResilienceInstant(offset: .seconds(seconds)) }
}
