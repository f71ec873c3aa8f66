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
    /// Log the state of connections and circuits.
    public static let dump = ControlSignal("DUMP")
    /// Same as DUMP.
    public static let user1 = ControlSignal("USR1")
    /// Switch logging to DEBUG until the next reload.
    public static let debug = ControlSignal("DEBUG")
    /// Same as DEBUG.
    public static let user2 = ControlSignal("USR2")
    /// Log a heartbeat line now.
    public static let heartbeat = ControlSignal("HEARTBEAT")
    /// Wake from dormant mode.
    public static let active = ControlSignal("ACTIVE")
    /// Go dormant. Not in ``all``: this client has no dormant mode, so SIGNAL DORMANT gets 552.
    public static let dormant = ControlSignal("DORMANT")

    /// Every signal this client acts on, in the order C tor 0.4.9's `signal/names` lists them
    /// (observed on a tor 0.4.9.11 client), without DORMANT.
    public static let all: [ControlSignal] = [
        .reload, .hangUp, .shutdown, .dump, .user1, .debug, .user2, .halt, .terminate, .interrupt, .newIdentity,
        .clearDNSCache, .heartbeat, .active,
    ]

    /// The signals the control port passes to the backend.
    public static let supported: Set<ControlSignal> = Set(all)
}
