/// An IPv4 address as it travels in SOCKS (four bytes, network order).
public struct SocksIPv4Address: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The address as a big-endian integer: 127.0.0.1 is 0x7F00_0001.
    public let rawValue: UInt32
    /// The address whose big-endian value is `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The address from its four bytes in network order.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// 0.0.0.0, which tor sends as BND.ADDR in CONNECT replies.
    public static let unspecified = SocksIPv4Address(rawValue: 0)

    /// The four bytes in network order.
    public var bytes: [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: rawValue >> $0) } }

    /// Dotted-quad form, as a BEGIN cell carries it (tor-spec §6.2).
    public var description: String { bytes.map(String.init).joined(separator: ".") }
}

/// An IPv6 address as it travels in SOCKS5 (sixteen bytes, network order).
public struct SocksIPv6Address: Hashable, Sendable, CustomStringConvertible {
    /// The first eight bytes, big-endian.
    public let high: UInt64
    /// The last eight bytes, big-endian.
    public let low: UInt64

    /// The address from its two big-endian halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The address from exactly sixteen bytes, or nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The sixteen bytes in network order.
    public var bytes: [UInt8] {
        stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: high >> UInt64($0)) }
            + stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: low >> UInt64($0)) }
    }

    /// The eight 16-bit groups.
    var groups: [UInt16] {
        let all = bytes
        return (0..<8).map { UInt16(all[2 * $0]) << 8 | UInt16(all[2 * $0 + 1]) }
    }

    /// RFC 5952 text form without brackets: lowercase hex, the longest run of two or more zero
    /// groups (the first on a tie) shortened to "::".
    public var description: String {
        let groups = self.groups
        var best = (start: -1, length: 0)
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else { index += 1; continue }
            let start = index
            while index < groups.count && groups[index] == 0 { index += 1 }
            if index - start > best.length && index - start >= 2 { best = (start, index - start) }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
