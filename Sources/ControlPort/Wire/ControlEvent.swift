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
    public static let stream = ControlEventKind("STREAM")
    public static let bandwidth = ControlEventKind("BW")
    public static let statusClient = ControlEventKind("STATUS_CLIENT")
    public static let debug = ControlEventKind("DEBUG")
    public static let info = ControlEventKind("INFO")
    public static let notice = ControlEventKind("NOTICE")
    public static let warn = ControlEventKind("WARN")
    public static let error = ControlEventKind("ERR")

    /// The events this server can deliver.
    public static let supported: Set<ControlEventKind> = [
        .circuit, .stream, .bandwidth, .statusClient, .debug, .info, .notice, .warn, .error,
    ]
}

/// One asynchronous event, written as `650 KIND body` (control-spec.txt §4.1).
///
/// `body` is everything after the event name on the line, already formatted by the client
/// (e.g. `"10 20"` for `650 BW 10 20`); CR and LF in it are replaced when encoding.
public struct ControlEvent: Sendable, Equatable {
    /// Which subscription this event belongs to.
    public var kind: ControlEventKind
    /// The rest of the line after the event name.
    public var body: String

    /// An event of `kind` with `body`.
    public init(_ kind: ControlEventKind, _ body: String) {
        self.kind = kind
        self.body = body
    }

    /// The `650` reply that carries this event.
    public var reply: ControlReply {
        ControlReply(.asynchronousEvent, body.isEmpty ? kind.rawValue : kind.rawValue + " " + body)
    }
}
