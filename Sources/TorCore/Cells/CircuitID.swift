/// The identifier of a circuit on one channel (tor-spec 3, 5.1.1).
///
/// Two bytes wide on link protocols 1–3 and four bytes from link protocol 4 on; the value is
/// kept as a `UInt32` either way and `CellCodec` checks that it fits. Zero is reserved for
/// cells that belong to no circuit (VERSIONS, NETINFO, PADDING, ...).
public struct CircuitID: Hashable, Sendable, RawRepresentable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A circuit ID from a literal, for tests and constants.
    public init(integerLiteral value: UInt32) { self.rawValue = value }

    /// The circuit ID of cells that concern the whole channel (tor-spec 5.1.1).
    public static let zero = CircuitID(rawValue: 0)

    /// True for ``zero``, the ID that no circuit may use.
    public var isZero: Bool { rawValue == 0 }

    /// The most significant bit of a 4-byte circuit ID: set by whichever side opened the
    /// channel (tor-spec 5.1.1, link protocol 4 and later), so a client's IDs all have it.
    public static let initiatorBit: UInt32 = 0x8000_0000

    /// Hexadecimal: circuit IDs are not sensitive, and hex shows the initiator bit at a glance.
    public var description: String { "0x" + String(rawValue, radix: 16) }
}
