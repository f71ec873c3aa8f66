/// A relay's IP address and a fixed port, as directory lines give them
/// (`128.31.0.39:9231`, `[2001:638:a000:4140::ffff:189]:443`).
///
/// Invariant: `address` is an IPv4 or IPv6 literal without brackets; `port` is 1...65535.
public struct RelayAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal.
    public var address: String
    /// The port.
    public var port: UInt16

    /// Creates an address; `address` must be an IP literal.
    public init(address: String, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `ADDRESS:PORT`, with brackets around an IPv6 address.
    public var description: String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    /// Reads `IPv4:PORT` (or, with `ipv6`, `[IPv6]:PORT`); nil when the shape, family or port is wrong.
    static func parse<Text: StringProtocol>(_ text: Text, ipv6: Bool) -> RelayAddress? {
        IPAddressText.addressAndPort(Substring(text), requireIPv6: ipv6).map {
            RelayAddress(address: $0.address, port: $0.port)
        }
    }
}
