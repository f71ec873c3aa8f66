/// One reply the server sent, as a controller reads it (control-spec.txt §2.3, §4).
///
/// Invariant: `lines` is non-empty and its last line is the EndReplyLine (`CODE SP text`); a
/// data line carries its dot-unstuffed block in `data`. A reply whose status is 650 is an
/// asynchronous event, anything else answers the oldest command still waiting.
public struct ControlServerReply: Sendable, Equatable {
    /// One line of a reply.
    public struct Line: Sendable, Equatable {
        /// The three-digit status of this line.
        public var status: ControlStatus
        /// The text after the status and its separator.
        public var text: String
        /// For a `CODE+text` line, the data block that followed, unstuffed, lines joined by "\n".
        public var data: String?

        /// A line from its parts.
        public init(status: ControlStatus, text: String, data: String? = nil) {
            self.status = status
            self.text = text
            self.data = data
        }
    }

    /// The lines, the last one being the end line.
    public var lines: [Line]

    /// A reply from its lines; `lines` must not be empty.
    public init(lines: [Line]) {
        precondition(!lines.isEmpty, "a reply has at least its end line")
        self.lines = lines
    }

    /// The status of the end line, which decides the outcome (§4).
    public var status: ControlStatus { lines[lines.count - 1].status }

    /// Whether this is an asynchronous event (650).
    public var isEvent: Bool { status == .asynchronousEvent }

    /// Whether the command succeeded (a 2xx status).
    public var isSuccess: Bool { (200..<300).contains(status.rawValue) }

    /// The text of the end line, e.g. `OK` or `Unrecognized key "x"`.
    public var message: String { lines[lines.count - 1].text }

    /// The `key=value` pairs of a GETINFO reply (§3.9): single-line values from `key=value`
    /// lines, multi-line values from `key=` data lines; the final `OK` is skipped.
    public var keyedValues: [(key: String, value: String)] {
        lines.compactMap { line in
            guard let equals = line.text.firstIndex(of: "=") else { return nil }
            let key = String(line.text[..<equals])
            return (key, line.data ?? String(line.text[line.text.index(after: equals)...]))
        }
    }

    /// For an event, its kind and body: `650 CIRC 1 BUILT` gives (`CIRC`, `1 BUILT`). In a
    /// multi-line event (`650+NOTICE` with a data block, or `650-CONF_CHANGED` followed by
    /// `650-Name=Value` lines and `650 OK`), the block and the further lines join the body,
    /// one per line; the closing `OK` does not.
    public var event: ControlEvent? {
        guard isEvent, let first = lines.first else { return nil }
        let name = first.text.prefix { $0 != " " }
        var parts: [String] = []
        let rest = first.text.dropFirst(name.count).drop { $0 == " " }
        if !rest.isEmpty { parts.append(String(rest)) }
        if let data = first.data { parts.append(data) }
        for (index, line) in lines.enumerated().dropFirst() {
            if index == lines.count - 1 && line.text == "OK" && line.data == nil { break }
            parts.append(line.text)
            if let data = line.data { parts.append(data) }
        }
        return ControlEvent(ControlEventKind(String(name)), parts.joined(separator: "\n"))
    }
}
