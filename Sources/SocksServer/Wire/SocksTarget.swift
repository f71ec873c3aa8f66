import NIOCore

/// An address in a SOCKS message: the destination of a request, or the bound or resolved address
/// of a reply.
///
/// A hostname stays a hostname: Tor never resolves names locally, it hands them to the exit as
/// they are (socks-extensions.txt §1), so an IP-literal hostname is not converted either.
public enum SocksTarget: Hashable, Sendable, CustomStringConvertible {
    /// A hostname, checked by ``SocksHostnameRule`` when it came from a client.
    case hostname(String)
    /// An IPv4 address.
    case ipv4(SocksIPv4Address)
    /// An IPv6 address.
    case ipv6(SocksIPv6Address)

    /// The text a BEGIN or RESOLVE cell would carry (tor-spec §6.2): IPv6 in brackets.
    public var description: String {
        switch self {
        case .hostname(let name): name
        case .ipv4(let address): address.description
        case .ipv6(let address): "[\(address)]"
        }
    }
}

/// The SOCKS5 address type octet (RFC 1928 §5 ATYP); open so unknown types survive decoding.
public struct SocksAddressType: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public let rawValue: UInt8
    /// Wraps any wire value, known or not.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A four-byte IPv4 address follows.
    public static let ipv4 = SocksAddressType(rawValue: 0x01)
    /// A length octet and that many bytes of hostname follow.
    public static let domainName = SocksAddressType(rawValue: 0x03)
    /// A sixteen-byte IPv6 address follows.
    public static let ipv6 = SocksAddressType(rawValue: 0x04)
}

extension SocksTarget {
    /// The ATYP octet this address is written with.
    public var addressType: SocksAddressType {
        switch self {
        case .hostname: .domainName
        case .ipv4: .ipv4
        case .ipv6: .ipv6
        }
    }

    /// Writes ATYP and the address as RFC 1928 §5 lays them out. A hostname longer than
    /// ``SocksLimits/maximumHostnameLength`` bytes cannot be written; the caller checks
    /// ``isEncodableInSocks5`` first.
    func writeSocks5(to buffer: inout ByteBuffer) {
        buffer.writeInteger(addressType.rawValue)
        switch self {
        case .ipv4(let address):
            buffer.writeInteger(address.rawValue)
        case .ipv6(let address):
            buffer.writeInteger(address.high)
            buffer.writeInteger(address.low)
        case .hostname(let name):
            let bytes = Array(name.utf8.prefix(SocksLimits.maximumHostnameLength))
            buffer.writeInteger(UInt8(bytes.count))
            buffer.writeBytes(bytes)
        }
    }

    /// False for a hostname that is empty or too long for SOCKS5's one-octet length.
    var isEncodableInSocks5: Bool {
        guard case .hostname(let name) = self else { return true }
        return (SocksLimits.minimumHostnameLength...SocksLimits.maximumHostnameLength).contains(name.utf8.count)
    }
}
