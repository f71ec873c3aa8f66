import Synchronization
import TorCore

/// The reloadable settings in force, readable from any thread: the SOCKS glue reads the
/// isolation flags for every new stream, and a reload replaces them whole.
public final class LiveSettings: Sendable {
    private let value: Mutex<ReloadableSettings>

    /// Settings starting at `initial`.
    public init(_ initial: ReloadableSettings) {
        value = Mutex(initial)
    }

    /// The settings now.
    public var current: ReloadableSettings { value.withLock { $0 } }

    /// Replaces the settings; streams opened afterwards see the new ones.
    public func replace(with settings: ReloadableSettings) {
        value.withLock { $0 = settings }
    }
}
