/// Why a stream closed, the first byte of RELAY_END (tor-spec 6.3).
///
/// Open: tor-spec 6.3 requires accepting reasons not on the list. A client sends only
/// ``misc`` for streams it originates.
public struct EndReason: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Catch-all for unlisted reasons; also what an empty END means.
    public static let misc = EndReason(rawValue: 1)
    /// The exit could not look up the hostname.
    public static let resolveFailed = EndReason(rawValue: 2)
    /// The remote host refused the connection.
    public static let connectRefused = EndReason(rawValue: 3)
    /// The exit's policy refuses this host or port; may carry an address and TTL.
    public static let exitPolicy = EndReason(rawValue: 4)
    /// The circuit is being destroyed.
    public static let destroy = EndReason(rawValue: 5)
    /// The connection closed normally.
    public static let done = EndReason(rawValue: 6)
    /// The connection, or the exit while connecting, timed out.
    public static let timeout = EndReason(rawValue: 7)
    /// Routing error while contacting the destination.
    public static let noRoute = EndReason(rawValue: 8)
    /// The exit is hibernating.
    public static let hibernating = EndReason(rawValue: 9)
    /// Internal error at the exit.
    public static let `internal` = EndReason(rawValue: 10)
    /// The exit has no resources to fulfil the request.
    public static let resourceLimit = EndReason(rawValue: 11)
    /// The connection was unexpectedly reset.
    public static let connectionReset = EndReason(rawValue: 12)
    /// Closed because of a Tor protocol violation.
    public static let torProtocol = EndReason(rawValue: 13)
    /// BEGIN_DIR sent to a relay that is not a directory.
    public static let notDirectory = EndReason(rawValue: 14)

    /// The spec's name and meaning, for logs and SOCKS error messages.
    public var description: String {
        switch self {
        case .misc: "MISC (unlisted reason)"
        case .resolveFailed: "RESOLVEFAILED (the exit could not look up the hostname)"
        case .connectRefused: "CONNECTREFUSED (the remote host refused the connection)"
        case .exitPolicy: "EXITPOLICY (the exit's policy refuses this host or port)"
        case .destroy: "DESTROY (the circuit is being destroyed)"
        case .done: "DONE (the connection was closed)"
        case .timeout: "TIMEOUT (the connection timed out)"
        case .noRoute: "NOROUTE (routing error while contacting the destination)"
        case .hibernating: "HIBERNATING (the exit is hibernating)"
        case .internal: "INTERNAL (internal error at the exit)"
        case .resourceLimit: "RESOURCELIMIT (the exit has no resources for the request)"
        case .connectionReset: "CONNRESET (the connection was unexpectedly reset)"
        case .torProtocol: "TORPROTOCOL (Tor protocol violation)"
        case .notDirectory: "NOTDIRECTORY (the relay is not a directory)"
        default: "reason \(rawValue)"
        }
    }
}
