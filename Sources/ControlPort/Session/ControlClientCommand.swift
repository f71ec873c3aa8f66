/// A controller command that acts on the client's circuits, streams, guards or addresses
/// (control-spec.txt §3.10–§3.14, §3.18, §3.21), with its arguments checked for syntax.
public enum ControlClientCommand: Sendable, Equatable {
    /// EXTENDCIRCUIT (§3.10): `circuitID` `0` builds a new circuit; `path` names relays
    /// (`$FP`, `$FP~nick` or nicknames), empty to let the client choose; `purpose` is
    /// `general` or `controller` (nil: general).
    case extendCircuit(circuitID: String, path: [String], purpose: String?)
    /// CLOSECIRCUIT (§3.14): close `circuitID`; with `ifUnused`, only when no stream uses it.
    case closeCircuit(circuitID: String, ifUnused: Bool)
    /// CLOSESTREAM (§3.13): close `streamID` with a RELAY_END reason number.
    case closeStream(streamID: String, reason: UInt8)
    /// ATTACHSTREAM (§3.12): put `streamID` on `circuitID` (`0`: let the client choose).
    case attachStream(streamID: String, circuitID: String)
    /// MAPADDRESS (§3.8): each `from=to` pair.
    case mapAddress([ControlAddressMapping])
    /// RESOLVE (§3.18): look up `names` (addresses with `reverse`) through an exit; answers
    /// arrive as ADDRMAP events.
    case resolve(names: [String], reverse: Bool)
    /// DROPGUARDS (§3.21): forget every sampled guard.
    case dropGuards
}

/// One `Address=Address` pair of MAPADDRESS (control-spec.txt §3.8).
public struct ControlAddressMapping: Sendable, Equatable {
    /// The address applications will ask for.
    public var from: String
    /// The address the client will use instead.
    public var to: String

    /// A mapping.
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}
