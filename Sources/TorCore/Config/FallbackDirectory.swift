/// One fallback directory mirror from a `FallbackDir` line: a relay a client may ask for its
/// first consensus instead of an authority (tor(1), FallbackDir; dir-spec.txt §5).
///
/// Form: `FallbackDir IPv4ADDRESS:DIRPORT orport=N id=HEX40 [weight=N] [ipv6=[ADDRESS]:PORT]`;
/// `orport` and `id` are required, as in tor 0.4.9.
public struct FallbackDirectory: Sendable, Equatable, CustomStringConvertible {
    /// The IPv4 address and directory port.
    public var address: RelayAddress
    /// The OR (TLS) port.
    public var orPort: UInt16
    /// The relay's RSA identity fingerprint.
    public var identity: RelayFingerprint
    /// The relative weight for choosing this mirror (default 1).
    public var weight: Double
    /// The IPv6 OR address, if any.
    public var ipv6Address: RelayAddress?

    /// Creates a fallback description.
    public init(address: RelayAddress, orPort: UInt16, identity: RelayFingerprint, weight: Double = 1, ipv6Address: RelayAddress? = nil) {
        self.address = address
        self.orPort = orPort
        self.identity = identity
        self.weight = weight
        self.ipv6Address = ipv6Address
    }

    /// The torrc form of the line's value.
    public var description: String {
        var words = ["\(address)", "orport=\(orPort)", "id=\(identity)"]
        if weight != 1 { words.append("weight=\(TorrcText.number(weight))") }
        if let ipv6Address { words.append("ipv6=\(ipv6Address)") }
        return words.joined(separator: " ")
    }
}
