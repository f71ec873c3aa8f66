/// The commands that act on circuits, streams, guards and addresses, and USEFEATURE: their
/// argument syntax is checked here, the backend does the work (control-spec.txt §3).
extension ControlSessionStateMachine {
    /// The features USEFEATURE accepts: those tor 0.4.9 still lists in `features/names`
    /// (both are always on since tor 0.2.2, so accepting them changes nothing).
    public static let features = ["VERBOSE_NAMES", "EXTENDED_EVENTS"]

    /// The circuit purposes EXTENDCIRCUIT accepts (§3.10), lower-cased.
    public static let circuitPurposes: Set<String> = ["general", "controller"]

    /// USEFEATURE (§3.19): `250 OK` when every name is a known feature (case-insensitive, as
    /// C tor compares), else 552 naming the first unknown one.
    static func useFeature(_ arguments: [ControlArgument]) -> ControlReply {
        for argument in arguments {
            let name = argument.key.map { $0 + "=" + argument.value } ?? argument.value
            guard argument.key == nil, features.contains(name.uppercased()) else {
                return ControlReply(.unrecognizedEntity, "Unrecognized feature \"\(name)\"")
            }
        }
        return .ok
    }

    /// The action for a client command keyword, or nil when `keyword` is not one.
    static func clientCommand(_ keyword: String, _ arguments: [ControlArgument]) -> ControlAction? {
        let positional = arguments.filter { $0.key == nil }.map(\.value)
        switch keyword {
        case "EXTENDCIRCUIT":
            guard let circuitID = positional.first else { return syntax("Missing argument to EXTENDCIRCUIT") }
            var purpose: String?
            for argument in arguments where argument.key != nil {
                guard argument.key?.lowercased() == "purpose" else {
                    return syntax("EXTENDCIRCUIT takes CircuitID [Path] [purpose=Purpose], not \(argument.key ?? "")=")
                }
                guard circuitPurposes.contains(argument.value.lowercased()) else {
                    return .reply(ControlReply(.unrecognizedEntity, "Unknown purpose \"\(argument.value)\""))
                }
                purpose = argument.value.lowercased()
            }
            let path = positional.count > 1 ? positional[1].split(separator: ",").map(String.init) : []
            return .perform(.command(.extendCircuit(circuitID: circuitID, path: path, purpose: purpose)))
        case "CLOSECIRCUIT":
            guard let circuitID = positional.first else { return syntax("Missing argument to CLOSECIRCUIT") }
            let ifUnused = positional.dropFirst().contains { $0.lowercased() == "ifunused" }
            return .perform(.command(.closeCircuit(circuitID: circuitID, ifUnused: ifUnused)))
        case "CLOSESTREAM":
            guard positional.count >= 2 else { return syntax("Bad arguments to CLOSESTREAM: Need at least 2 argument(s)") }
            guard let reason = UInt8(positional[1]) else {
                return .reply(ControlReply(.unrecognizedEntity, "Unrecognized reason \"\(positional[1])\""))
            }
            return .perform(.command(.closeStream(streamID: positional[0], reason: reason)))
        case "ATTACHSTREAM":
            guard positional.count >= 2 else { return syntax("Bad arguments to ATTACHSTREAM: Need at least 2 argument(s)") }
            return .perform(.command(.attachStream(streamID: positional[0], circuitID: positional[1])))
        case "MAPADDRESS":
            guard !arguments.isEmpty else { return syntax("MAPADDRESS needs one or more Address=Address pairs") }
            var mappings: [ControlAddressMapping] = []
            for argument in arguments {
                guard let from = argument.key else {
                    return syntax("syntax error: mapping \"\(argument.value)\" is not of the form Address=Address")
                }
                mappings.append(ControlAddressMapping(from: from, to: argument.value))
            }
            return .perform(.command(.mapAddress(mappings)))
        case "RESOLVE":
            let reverse = arguments.contains { $0.key?.lowercased() == "mode" && $0.value.lowercased() == "reverse" }
            return .perform(.command(.resolve(names: positional, reverse: reverse)))
        case "DROPGUARDS":
            guard arguments.isEmpty else { return syntax("DROPGUARDS takes no arguments") }
            return .perform(.command(.dropGuards))
        default:
            return nil
        }
    }

    private static func syntax(_ message: String) -> ControlAction {
        .reply(ControlReply(.argumentSyntaxError, message))
    }
}
