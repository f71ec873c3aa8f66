/// The status flags of a router status entry ("s" line, dir-spec 3.4.1).
///
/// The flags this client knows are bits; flags it does not know are kept by name in
/// ``RouterStatus/otherFlags`` so that none is lost.
public struct RouterFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// One bit per known flag.
    public let rawValue: UInt32
    /// Flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// "Authority": a directory authority.
    public static let authority = RouterFlags(rawValue: 1 << 0)
    /// "BadExit": believed useless as an exit.
    public static let badExit = RouterFlags(rawValue: 1 << 1)
    /// "Exit": more useful for exit circuits than for relay circuits.
    public static let exit = RouterFlags(rawValue: 1 << 2)
    /// "Fast": suitable for high-bandwidth circuits.
    public static let fast = RouterFlags(rawValue: 1 << 3)
    /// "Guard": suitable as an entry guard.
    public static let guardFlag = RouterFlags(rawValue: 1 << 4)
    /// "HSDir": an onion-service directory.
    public static let hsDir = RouterFlags(rawValue: 1 << 5)
    /// "MiddleOnly": use only as a middle relay.
    public static let middleOnly = RouterFlags(rawValue: 1 << 6)
    /// "NoEdConsensus": its Ed25519 key lacks authority consensus; ignore the microdescriptor's.
    public static let noEdConsensus = RouterFlags(rawValue: 1 << 7)
    /// "Running": usable over its ORPort.
    public static let running = RouterFlags(rawValue: 1 << 8)
    /// "Stable": suitable for long-lived circuits.
    public static let stable = RouterFlags(rawValue: 1 << 9)
    /// "StaleDesc": its descriptor is old.
    public static let staleDesc = RouterFlags(rawValue: 1 << 10)
    /// "Sybil": one of too many relays on one address.
    public static let sybil = RouterFlags(rawValue: 1 << 11)
    /// "V2Dir": serves directory documents.
    public static let v2Dir = RouterFlags(rawValue: 1 << 12)
    /// "Valid": validated by the authorities.
    public static let valid = RouterFlags(rawValue: 1 << 13)

    /// Each known flag with the name the "s" line uses, in lexical order.
    public static let names: [(flag: RouterFlags, name: String)] = [
        (.authority, "Authority"), (.badExit, "BadExit"), (.exit, "Exit"), (.fast, "Fast"),
        (.guardFlag, "Guard"), (.hsDir, "HSDir"), (.middleOnly, "MiddleOnly"),
        (.noEdConsensus, "NoEdConsensus"), (.running, "Running"), (.stable, "Stable"),
        (.staleDesc, "StaleDesc"), (.sybil, "Sybil"), (.v2Dir, "V2Dir"), (.valid, "Valid"),
    ]

    private static let byName: [String: RouterFlags] = Dictionary(
        uniqueKeysWithValues: names.map { ($0.name, $0.flag) }
    )

    /// The known flag called `name` (case-sensitive), or nil.
    public init?(name: String) {
        guard let flag = Self.byName[name] else { return nil }
        self = flag
    }

    /// The flag names in lexical order, space-separated, as an "s" line writes them.
    public var description: String {
        Self.names.filter { contains($0.flag) }.map(\.name).joined(separator: " ")
    }
}
