import NIOCore

/// An IPv4 address as it travels in Tor cells: four bytes in network order.
///
/// Used by NETINFO (tor-spec 4.5), link specifiers (5.1.2), CONNECTED, END and RESOLVED
/// (6.2–6.4). `description` is the dotted-quad text; wrap it in `Redacted` before logging.
public struct IPv4Address: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    /// The address as a big-endian integer: `0x7F000001` is 127.0.0.1.
    public var rawValue: UInt32

    /// The number of bytes of an IPv4 address on the wire.
    public static let byteCount = 4

    /// The address with this big-endian value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Builds the address from its four bytes in network order.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text ("192.0.2.7"); nil for anything else (no leading zeros, no
    /// shortened forms, so each address has exactly one spelling).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit),
                  part.count == 1 || part.first != "0",
                  let octet = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        rawValue = value
    }

    /// The four bytes in network order.
    public var bytes: [UInt8] {
        [UInt8(rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
         UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)]
    }

    /// Dotted-quad text.
    public var description: String {
        "\(rawValue >> 24).\((rawValue >> 16) & 0xFF).\((rawValue >> 8) & 0xFF).\(rawValue & 0xFF)"
    }

    /// Writes the four bytes in network order.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(rawValue, endianness: .big)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIIHexDigit: Bool { isASCIIDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
}

/// An IPv4 or IPv6 address, for the messages that carry either (CONNECTED, END, RESOLVE).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// Parses IPv4 dotted-quad or IPv6 text (without brackets); nil for anything else.
    public init?(_ text: some StringProtocol) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// The address as text: dotted quad, or RFC 5952 IPv6 text without brackets.
    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }
}
