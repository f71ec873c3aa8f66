/// Why a circuit was closed, as carried by DESTROY and RELAY_TRUNCATED (tor-spec 5.4).
///
/// Open: unknown reasons survive. A client always sends ``none`` in its own DESTROY cells
/// (tor-spec 5.4), so reasons never leak across the circuit.
public struct DestroyReason: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// No reason given; what a client sends.
    public static let none = DestroyReason(rawValue: 0)
    /// Tor protocol violation.
    public static let `protocol` = DestroyReason(rawValue: 1)
    /// Internal error.
    public static let `internal` = DestroyReason(rawValue: 2)
    /// A client sent a TRUNCATE command.
    public static let requested = DestroyReason(rawValue: 3)
    /// Not currently operating; saving bandwidth.
    public static let hibernating = DestroyReason(rawValue: 4)
    /// Out of memory, sockets, or circuit IDs.
    public static let resourceLimit = DestroyReason(rawValue: 5)
    /// Unable to reach the next relay.
    public static let connectFailed = DestroyReason(rawValue: 6)
    /// Connected to the next relay, but its identity was not as expected.
    public static let orIdentity = DestroyReason(rawValue: 7)
    /// The connection that carried this circuit died.
    public static let channelClosed = DestroyReason(rawValue: 8)
    /// The circuit expired for being dirty or old.
    public static let finished = DestroyReason(rawValue: 9)
    /// Circuit construction took too long.
    public static let timeout = DestroyReason(rawValue: 10)
    /// The circuit was destroyed without a client TRUNCATE.
    public static let destroyed = DestroyReason(rawValue: 11)
    /// Request for an unknown onion service.
    public static let noSuchService = DestroyReason(rawValue: 12)

    /// The spec's name and meaning, for logs and error messages.
    public var description: String {
        switch self {
        case .none: "NONE (no reason given)"
        case .protocol: "PROTOCOL (Tor protocol violation)"
        case .internal: "INTERNAL (internal error)"
        case .requested: "REQUESTED (a client sent a TRUNCATE command)"
        case .hibernating: "HIBERNATING (relay not currently operating, saving bandwidth)"
        case .resourceLimit: "RESOURCELIMIT (out of memory, sockets, or circuit IDs)"
        case .connectFailed: "CONNECTFAILED (unable to reach relay)"
        case .orIdentity: "OR_IDENTITY (connected to relay, but its identity was not as expected)"
        case .channelClosed: "CHANNEL_CLOSED (the connection carrying this circuit died)"
        case .finished: "FINISHED (the circuit expired for being dirty or old)"
        case .timeout: "TIMEOUT (circuit construction took too long)"
        case .destroyed: "DESTROYED (the circuit was destroyed without a client TRUNCATE)"
        case .noSuchService: "NOSUCHSERVICE (request for an unknown onion service)"
        default: "reason \(rawValue)"
        }
    }
}
