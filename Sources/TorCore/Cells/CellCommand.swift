/// The command byte of a channel cell (tor-spec 3).
///
/// An open set: a command this code does not know survives decoding and re-encoding, and the
/// channel decides what to do with it (tor-spec 3: ORs drop unknown commands).
public struct CellCommand: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Link padding; payload ignored (tor-spec 7.2).
    public static let padding = CellCommand(rawValue: 0)
    /// Create a circuit with the TAP handshake (tor-spec 5.1; gone from 0.4.9 relays).
    public static let create = CellCommand(rawValue: 1)
    /// Reply to CREATE (tor-spec 5.1).
    public static let created = CellCommand(rawValue: 2)
    /// End-to-end relay data (tor-spec 5.5, 6).
    public static let relay = CellCommand(rawValue: 3)
    /// Tear down a circuit (tor-spec 5.4).
    public static let destroy = CellCommand(rawValue: 4)
    /// Create a first hop without public-key crypto (tor-spec 5.1.5).
    public static let createFast = CellCommand(rawValue: 5)
    /// Reply to CREATE_FAST (tor-spec 5.1.5).
    public static let createdFast = CellCommand(rawValue: 6)
    /// Link protocol negotiation; variable-length (tor-spec 4.1).
    public static let versions = CellCommand(rawValue: 7)
    /// Time and addresses at the end of the link handshake (tor-spec 4.5).
    public static let netinfo = CellCommand(rawValue: 8)
    /// A relay cell that may carry EXTEND2; at most 8 per circuit (tor-spec 5.6).
    public static let relayEarly = CellCommand(rawValue: 9)
    /// Create a circuit with an extensible handshake (tor-spec 5.1).
    public static let create2 = CellCommand(rawValue: 10)
    /// Reply to CREATE2 (tor-spec 5.1).
    public static let created2 = CellCommand(rawValue: 11)
    /// Channel padding negotiation, link protocol 5 (tor-spec 7.2).
    public static let paddingNegotiate = CellCommand(rawValue: 12)
    /// Variable-length padding (tor-spec 7.2).
    public static let vpadding = CellCommand(rawValue: 128)
    /// The responder's (and an authenticating initiator's) certificates (tor-spec 4.2).
    public static let certs = CellCommand(rawValue: 129)
    /// The responder's challenge for initiator authentication (tor-spec 4.3).
    public static let authChallenge = CellCommand(rawValue: 130)
    /// An initiator's answer to AUTH_CHALLENGE (tor-spec 4.4).
    public static let authenticate = CellCommand(rawValue: 131)
    /// Reserved for scanning resistance; not yet used (tor-spec 3).
    public static let authorize = CellCommand(rawValue: 132)

    /// True for commands that use the variable-length cell format on link protocol 3 and
    /// later: VERSIONS and every command from 128 up (tor-spec 3).
    public var isVariableLength: Bool { self == .versions || rawValue >= 128 }

    /// The spec's name for known commands, the number otherwise.
    public var description: String {
        switch self {
        case .padding: "PADDING"
        case .create: "CREATE"
        case .created: "CREATED"
        case .relay: "RELAY"
        case .destroy: "DESTROY"
        case .createFast: "CREATE_FAST"
        case .createdFast: "CREATED_FAST"
        case .versions: "VERSIONS"
        case .netinfo: "NETINFO"
        case .relayEarly: "RELAY_EARLY"
        case .create2: "CREATE2"
        case .created2: "CREATED2"
        case .paddingNegotiate: "PADDING_NEGOTIATE"
        case .vpadding: "VPADDING"
        case .certs: "CERTS"
        case .authChallenge: "AUTH_CHALLENGE"
        case .authenticate: "AUTHENTICATE"
        case .authorize: "AUTHORIZE"
        default: "command \(rawValue)"
        }
    }
}
