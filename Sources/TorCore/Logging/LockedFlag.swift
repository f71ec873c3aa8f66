import NIOConcurrencyHelpers

/// A Boolean read often and written rarely (configuration switches), safe across threads.
final class LockedFlag: @unchecked Sendable {
    private let lock = NIOLock()
    private var stored: Bool

    init(_ value: Bool) { stored = value }

    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
