/// A value that may identify a user or a destination (an address, a hostname, a key).
///
/// It reaches a log only through this wrapper, which prints `[scrubbed]` unless safe logging is
/// turned off with `SafeLogging 0` (C tor's option of the same name).
public struct Redacted<Value: CustomStringConvertible & Sendable>: CustomStringConvertible, Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }

    public var description: String {
        SafeLogging.isEnabled ? "[scrubbed]" : value.description
    }
}

/// Process-wide safe-logging switch, set from the torrc's `SafeLogging` at start and on reload.
public enum SafeLogging {
    private static let state = LockedFlag(true)

    /// True (the default) when sensitive values must be scrubbed from logs.
    public static var isEnabled: Bool {
        get { state.value }
        set { state.value = newValue }
    }
}
