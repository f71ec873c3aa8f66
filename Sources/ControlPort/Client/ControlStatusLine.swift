/// One line of a GETINFO value or event body split the way control-spec.txt §2.1 splits
/// arguments: positional words first, then `Key=Value` fields (values may be QuotedStrings).
///
/// Used by controllers to read `circuit-status` (§4.1.1 layout), `stream-status` (§4.1.2),
/// `status/bootstrap-phase` (§4.1.10) and our `resilience/breakers` and `torrc/status`.
/// Unknown fields are kept, as §4.1 asks controllers to tolerate them.
public struct ControlStatusLine: Sendable, Equatable {
    /// The words without `=`, in order, quoted ones decoded.
    public var positional: [String]
    /// The `Key=Value` fields; a repeated key keeps its last value.
    public var fields: [String: String]

    /// Splits `text`; throws `argumentSyntax` for broken quoting.
    public init(_ text: String) throws(ControlPortError) {
        var positional: [String] = []
        var fields: [String: String] = [:]
        for argument in try ControlArgumentParser.parse(text) {
            if let key = argument.key { fields[key] = argument.value } else { positional.append(argument.value) }
        }
        self.positional = positional
        self.fields = fields
    }

    /// The positional word at `index`, or nil.
    public subscript(position index: Int) -> String? {
        positional.indices.contains(index) ? positional[index] : nil
    }

    /// A §2.4 LongName list `$FP~nick,$FP~nick` as (fingerprint, nickname) pairs; a bare
    /// nickname has an empty fingerprint.
    public static func path(_ text: String) -> [(fingerprint: String, nickname: String?)] {
        text.split(separator: ",").map { hop in
            guard hop.hasPrefix("$") else { return ("", String(hop)) }
            let name = hop.dropFirst()
            if let separator = name.firstIndex(where: { $0 == "~" || $0 == "=" }) {
                return (String(name[..<separator]), String(name[name.index(after: separator)...]))
            }
            return (String(name), nil)
        }
    }
}
