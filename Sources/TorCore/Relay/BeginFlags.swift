/// The FLAGS of a RELAY_BEGIN message (tor-spec 6.2): bit 1 is the least significant bit of
/// the 32-bit big-endian value.
///
/// An option set over the raw value, so reserved bits a peer sets survive decoding.
public struct BeginFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bit 1: we can learn about and connect to IPv6 addresses.
    public static let ipv6Okay = BeginFlags(rawValue: 1 << 0)
    /// Bit 2: we do not want IPv4 addresses.
    public static let ipv4Not = BeginFlags(rawValue: 1 << 1)
    /// Bit 3: given both, connect to the IPv6 address.
    public static let ipv6Preferred = BeginFlags(rawValue: 1 << 2)
}
