/// A SIGNAL argument (control-spec.txt §3.7). Open struct; SIGNAL accepts only ``supported``.
public struct ControlSignal: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// A signal name, upper-cased.
    public init(_ rawValue: String) { self.rawValue = rawValue.uppercased() }
    public var description: String { rawValue }

    /// Reload the torrc (same as HUP).
    public static let reload = ControlSignal("RELOAD")
    /// Reload the torrc (same as RELOAD).
    public static let hangUp = ControlSignal("HUP")
    /// Use new circuits for new streams.
    public static let newIdentity = ControlSignal("NEWNYM")
    /// Clean shutdown (a client exits at once; relays wait ShutdownWaitLength).
    public static let shutdown = ControlSignal("SHUTDOWN")
    /// Same as SHUTDOWN.
    public static let interrupt = ControlSignal("INT")
    /// Immediate shutdown.
    public static let halt = ControlSignal("HALT")
    /// Same as HALT.
    public static let terminate = ControlSignal("TERM")
    /// Forget cached DNS answers.
    public static let clearDNSCache = ControlSignal("CLEARDNSCACHE")
    /// Log statistics at NOTICE.
    public static let dump = ControlSignal("DUMP")
    /// Switch logging to DEBUG.
    public static let debug = ControlSignal("DEBUG")

    /// The signals the control port passes to the backend.
    public static let supported: Set<ControlSignal> = [
        .reload, .hangUp, .newIdentity, .shutdown, .interrupt, .halt, .terminate, .clearDNSCache, .dump, .debug,
    ]
}
