/// The command of a relay message (tor-spec 6.1; conflux prop 329; onion services
/// rend-spec-v3 3.x; circuit padding padding-spec 3; flow control prop 324).
///
/// Open: a command this code does not know survives; tor-spec 6.1 says a recognized cell
/// with an unknown command is dropped but still counts for digests and windows.
public struct RelayCommand: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Open a stream to a host and port at the exit [forward] (6.2).
    public static let begin = RelayCommand(rawValue: 1)
    /// Stream bytes [either direction] (6.2).
    public static let data = RelayCommand(rawValue: 2)
    /// Close a stream, with a reason [either direction] (6.3).
    public static let end = RelayCommand(rawValue: 3)
    /// A stream opened [backward] (6.2).
    public static let connected = RelayCommand(rawValue: 4)
    /// Flow-control acknowledgement, circuit (stream 0) or stream level (7.3, 7.4).
    public static let sendme = RelayCommand(rawValue: 5)
    /// Extend with TAP [forward, control]; gone from 0.4.9 relays (5.1.2).
    public static let extend = RelayCommand(rawValue: 6)
    /// Reply to EXTEND [backward, control] (5.1.2).
    public static let extended = RelayCommand(rawValue: 7)
    /// Cut the circuit after this hop [forward, control] (5.4).
    public static let truncate = RelayCommand(rawValue: 8)
    /// The circuit was cut after this hop [backward, control] (5.4).
    public static let truncated = RelayCommand(rawValue: 9)
    /// Long-range padding, dropped on receipt [either, control] (6.2).
    public static let drop = RelayCommand(rawValue: 10)
    /// Look up a hostname or a reverse name [forward] (6.4).
    public static let resolve = RelayCommand(rawValue: 11)
    /// Answers to RESOLVE [backward] (6.4).
    public static let resolved = RelayCommand(rawValue: 12)
    /// Open a stream to the relay's own directory service [forward] (6.2.1).
    public static let beginDir = RelayCommand(rawValue: 13)
    /// Extend with CREATE2 handshake data [forward, control] (5.1.2).
    public static let extend2 = RelayCommand(rawValue: 14)
    /// Reply to EXTEND2 [backward, control] (5.1.2).
    public static let extended2 = RelayCommand(rawValue: 15)
    // 16–18 are reserved for UDP (prop 339) and have no settled names.
    /// Conflux: link a circuit into a set (prop 329).
    public static let confluxLink = RelayCommand(rawValue: 19)
    /// Conflux: the exit's answer to LINK (prop 329).
    public static let confluxLinked = RelayCommand(rawValue: 20)
    /// Conflux: the client's acknowledgement of LINKED (prop 329).
    public static let confluxLinkedAck = RelayCommand(rawValue: 21)
    /// Conflux: switch the sending leg (prop 329).
    public static let confluxSwitch = RelayCommand(rawValue: 22)
    /// Onion service: set up an introduction point (rend-spec-v3).
    public static let establishIntro = RelayCommand(rawValue: 32)
    /// Onion service: set up a rendezvous point (rend-spec-v3).
    public static let establishRendezvous = RelayCommand(rawValue: 33)
    /// Onion service: client to introduction point (rend-spec-v3).
    public static let introduce1 = RelayCommand(rawValue: 34)
    /// Onion service: introduction point to service (rend-spec-v3).
    public static let introduce2 = RelayCommand(rawValue: 35)
    /// Onion service: service to rendezvous point (rend-spec-v3).
    public static let rendezvous1 = RelayCommand(rawValue: 36)
    /// Onion service: rendezvous point to client (rend-spec-v3).
    public static let rendezvous2 = RelayCommand(rawValue: 37)
    /// Onion service: introduction point ready (rend-spec-v3).
    public static let introEstablished = RelayCommand(rawValue: 38)
    /// Onion service: rendezvous point ready (rend-spec-v3).
    public static let rendezvousEstablished = RelayCommand(rawValue: 39)
    /// Onion service: introduction point acknowledges INTRODUCE1 (rend-spec-v3).
    public static let introduceAck = RelayCommand(rawValue: 40)
    /// Circuit padding negotiation (padding-spec 3).
    public static let paddingNegotiate = RelayCommand(rawValue: 41)
    /// Circuit padding negotiation reply (padding-spec 3).
    public static let paddingNegotiated = RelayCommand(rawValue: 42)
    /// Stream flow control: stop sending on a stream (prop 324 4.1). 43 is the number tor
    /// 0.4.9 sends and accepts; the 2023 spec snapshot's table swaps XON and XOFF.
    public static let xoff = RelayCommand(rawValue: 43)
    /// Stream flow control: resume sending, with an advisory rate (prop 324 4.1). 44 as in
    /// tor 0.4.9 (the spec snapshot's table says 43).
    public static let xon = RelayCommand(rawValue: 44)

    /// Commands that concern the whole circuit and so travel with stream ID 0 (tor-spec 6.1,
    /// "[control]"). SENDME is either, depending on its stream ID (tor-spec 7).
    public var isCircuitControl: Bool {
        [.extend, .extended, .truncate, .truncated, .drop, .extend2, .extended2].contains(self)
    }

    /// Commands a conflux set numbers and orders across its legs (proposal 329, as tor 0.4.9
    /// decides): the stream commands and stream flow control, whose order relative to BEGIN
    /// and END matters. SENDMEs, circuit control, padding and the conflux commands themselves
    /// belong to one leg.
    /// Asked once per cell on a conflux leg: a switch on the number, no array built.
    public var isConfluxMultiplexed: Bool {
        switch rawValue {
        case Self.begin.rawValue, Self.data.rawValue, Self.end.rawValue, Self.connected.rawValue,
             Self.resolve.rawValue, Self.resolved.rawValue, Self.xoff.rawValue, Self.xon.rawValue:
            true
        default:
            false
        }
    }

    /// The spec's name for known commands, the number otherwise.
    public var description: String {
        Self.names[self].map { "RELAY_\($0)" } ?? "relay command \(rawValue)"
    }

    private static let names: [RelayCommand: String] = [
        .begin: "BEGIN", .data: "DATA", .end: "END", .connected: "CONNECTED", .sendme: "SENDME",
        .extend: "EXTEND", .extended: "EXTENDED", .truncate: "TRUNCATE", .truncated: "TRUNCATED",
        .drop: "DROP", .resolve: "RESOLVE", .resolved: "RESOLVED", .beginDir: "BEGIN_DIR",
        .extend2: "EXTEND2", .extended2: "EXTENDED2", .confluxLink: "CONFLUX_LINK",
        .confluxLinked: "CONFLUX_LINKED", .confluxLinkedAck: "CONFLUX_LINKED_ACK",
        .confluxSwitch: "CONFLUX_SWITCH", .establishIntro: "ESTABLISH_INTRO",
        .establishRendezvous: "ESTABLISH_RENDEZVOUS", .introduce1: "INTRODUCE1",
        .introduce2: "INTRODUCE2", .rendezvous1: "RENDEZVOUS1", .rendezvous2: "RENDEZVOUS2",
        .introEstablished: "INTRO_ESTABLISHED", .rendezvousEstablished: "RENDEZVOUS_ESTABLISHED",
        .introduceAck: "INTRODUCE_ACK", .paddingNegotiate: "PADDING_NEGOTIATE",
        .paddingNegotiated: "PADDING_NEGOTIATED", .xon: "XON", .xoff: "XOFF",
    ]
}
