/// An event type a controller can subscribe to with SETEVENTS (control-spec.txt §3.4, §4.1).
///
/// Open struct: names we do not list are still representable, but SETEVENTS only accepts
/// ``supported`` ones and answers 552 for others.
public struct ControlEventKind: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// An event name, upper-cased.
    public init(_ rawValue: String) { self.rawValue = rawValue.uppercased() }
    public var description: String { rawValue }

    public static let circuit = ControlEventKind("CIRC")
    public static let circuitMinor = ControlEventKind("CIRC_MINOR")
    public static let stream = ControlEventKind("STREAM")
    public static let channel = ControlEventKind("ORCONN")
    public static let bandwidth = ControlEventKind("BW")
    public static let debug = ControlEventKind("DEBUG")
    public static let info = ControlEventKind("INFO")
    public static let notice = ControlEventKind("NOTICE")
    public static let warn = ControlEventKind("WARN")
    public static let error = ControlEventKind("ERR")
    public static let newDescriptor = ControlEventKind("NEWDESC")
    public static let addressMap = ControlEventKind("ADDRMAP")
    public static let descriptorChanged = ControlEventKind("DESCCHANGED")
    public static let networkStatus = ControlEventKind("NS")
    public static let statusGeneral = ControlEventKind("STATUS_GENERAL")
    public static let statusClient = ControlEventKind("STATUS_CLIENT")
    public static let statusServer = ControlEventKind("STATUS_SERVER")
    public static let guardChanged = ControlEventKind("GUARD")
    public static let streamBandwidth = ControlEventKind("STREAM_BW")
    public static let clientsSeen = ControlEventKind("CLIENTS_SEEN")
    public static let newConsensus = ControlEventKind("NEWCONSENSUS")
    public static let buildTimeoutSet = ControlEventKind("BUILDTIMEOUT_SET")
    public static let signal = ControlEventKind("SIGNAL")
    public static let configurationChanged = ControlEventKind("CONF_CHANGED")
    public static let connectionBandwidth = ControlEventKind("CONN_BW")
    public static let cellStatistics = ControlEventKind("CELL_STATS")
    public static let circuitBandwidth = ControlEventKind("CIRC_BW")
    public static let transportLaunched = ControlEventKind("TRANSPORT_LAUNCHED")
    public static let onionDescriptor = ControlEventKind("HS_DESC")
    public static let onionDescriptorContent = ControlEventKind("HS_DESC_CONTENT")
    public static let networkLiveness = ControlEventKind("NETWORK_LIVENESS")

    /// Every event C tor 0.4.9 accepts, in the order its `events/names` lists them (observed
    /// on a tor 0.4.9.11 client). SETEVENTS accepts them all so a tool that subscribes to a
    /// list works; this client emits CIRC, STREAM, ORCONN, BW, the log events, STATUS_CLIENT,
    /// NEWCONSENSUS, SIGNAL, CONF_CHANGED, NETWORK_LIVENESS and ADDRMAP, and has no cause
    /// to emit the others (relay, bridge, onion-service and statistics events).
    public static let all: [ControlEventKind] = [
        .circuit, .circuitMinor, .stream, .channel, .bandwidth, .debug, .info, .notice, .warn, .error,
        .newDescriptor, .addressMap, .descriptorChanged, .networkStatus, .statusGeneral, .statusClient,
        .statusServer, .guardChanged, .streamBandwidth, .clientsSeen, .newConsensus, .buildTimeoutSet,
        .signal, .configurationChanged, .connectionBandwidth, .cellStatistics, .circuitBandwidth,
        .transportLaunched, .onionDescriptor, .onionDescriptorContent, .networkLiveness,
    ]

    /// The events SETEVENTS accepts.
    public static let supported: Set<ControlEventKind> = Set(all)
}

/// One asynchronous event (control-spec.txt §4.1): usually one line `650 KIND body`; CONF_CHANGED
/// is `650-KIND`, a `650-` line per entry and `650 OK` (§4.1.18); NEWCONSENSUS and NS carry a
/// data block `650+KIND`, the lines, `.`, `650 OK` (§4.1.12, §4.1.13).
public struct ControlEvent: Sendable, Equatable {
    /// How the event is laid out on the wire.
    public enum Layout: Sendable, Equatable {
        /// `650 KIND body`.
        case singleLine
        /// `650-KIND`, then `650-line` for each, then `650 OK`.
        case lines([String])
        /// `650+KIND`, the dot-stuffed block, then `650 OK`.
        case data(String)
    }

    /// Which subscription this event belongs to.
    public var kind: ControlEventKind
    /// The rest of the line after the event name (single-line events).
    public var body: String
    /// The wire layout.
    public var layout: Layout

    /// A single-line event of `kind` with `body`.
    public init(_ kind: ControlEventKind, _ body: String) {
        self.kind = kind
        self.body = body
        self.layout = .singleLine
    }

    /// A multi-line event of `kind`: `lines` as mid-reply lines, or a data block.
    public init(_ kind: ControlEventKind, layout: Layout) {
        self.kind = kind
        self.body = ""
        self.layout = layout
    }

    /// The `650` reply that carries this event.
    public var reply: ControlReply {
        switch layout {
        case .singleLine:
            return ControlReply(.asynchronousEvent, body.isEmpty ? kind.rawValue : kind.rawValue + " " + body)
        case .lines(let lines):
            return ControlReply(.asynchronousEvent, lines: [.text(kind.rawValue)] + lines.map { .text($0) } + [.text("OK")])
        case .data(let text):
            return ControlReply(.asynchronousEvent, lines: [.data(header: kind.rawValue, body: text), .text("OK")])
        }
    }
}
