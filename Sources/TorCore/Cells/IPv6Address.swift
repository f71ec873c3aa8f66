import NIOCore

/// An IPv6 address as it travels in Tor cells: sixteen bytes in network order.
///
/// `description` is the RFC 5952 text (lower case, longest zero run as "::"); wrap it in
/// `Redacted` before logging.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    /// The first eight bytes, big-endian.
    public var high: UInt64
    /// The last eight bytes, big-endian.
    public var low: UInt64

    /// The number of bytes of an IPv6 address on the wire.
    public static let byteCount = 16

    /// Builds the address from its two big-endian halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Builds the address from sixteen bytes in network order; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Parses IPv6 text without brackets ("2001:db8::1", "::ffff:192.0.2.1"); nil otherwise.
    public init?(_ text: some StringProtocol) {
        let characters = Array(text)
        var gap: Int?
        var index = 0
        while index + 1 < characters.count {
            if characters[index] == ":", characters[index + 1] == ":" {
                guard gap == nil else { return nil }
                gap = index
                index += 2
            } else {
                index += 1
            }
        }
        var groups: [UInt16]
        if let gap {
            guard let head = Self.parseGroups(characters[..<gap], allowIPv4: false),
                  let tail = Self.parseGroups(characters[(gap + 2)...], allowIPv4: true),
                  head.count + tail.count < 8
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = Self.parseGroups(characters[...], allowIPv4: true) else { return nil }
            groups = all
        }
        guard groups.count == 8 else { return nil }
        self.init(bytes: groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// Parses colon-separated hex groups, the last of which may be dotted IPv4 text.
    private static func parseGroups(_ part: ArraySlice<Character>, allowIPv4: Bool) -> [UInt16]? {
        guard !part.isEmpty else { return [] }
        let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, piece) in pieces.enumerated() {
            if allowIPv4, index == pieces.count - 1, piece.contains(".") {
                guard let v4 = IPv4Address(String(piece)) else { return nil }
                groups.append(UInt16(v4.rawValue >> 16))
                groups.append(UInt16(v4.rawValue & 0xFFFF))
            } else {
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isASCIIHexDigit),
                      let group = UInt16(String(piece), radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    /// The sixteen bytes in network order.
    public var bytes: [UInt8] {
        (0..<16).map { index in
            let half = index < 8 ? high : low
            return UInt8(truncatingIfNeeded: half >> (56 - 8 * UInt64(index % 8)))
        }
    }

    /// The eight 16-bit groups.
    public var groups: [UInt16] {
        (0..<8).map { index in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (48 - 16 * UInt64(index % 4)))
        }
    }

    /// RFC 5952 text: lower-case hex, no leading zeros, the longest run (two or more) of zero
    /// groups, the first one on ties, written as "::".
    public var description: String {
        let groups = self.groups
        var bestStart = -1
        var bestLength = 1
        var start = 0
        while start < 8 {
            var end = start
            while end < 8, groups[end] == 0 { end += 1 }
            if end - start > bestLength {
                bestStart = start
                bestLength = end - start
            }
            start = max(end, start + 1)
        }
        func text(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else { return text(0..<8) }
        return text(0..<bestStart) + "::" + text((bestStart + bestLength)..<8)
    }

    /// Writes the sixteen bytes in network order.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(high, endianness: .big)
        buffer.writeInteger(low, endianness: .big)
    }

    /// Reads sixteen bytes in network order, or returns nil when fewer are readable.
    static func read(from buffer: inout ByteBuffer) -> IPv6Address? {
        guard buffer.readableBytes >= byteCount,
              let high = buffer.readInteger(endianness: .big, as: UInt64.self),
              let low = buffer.readInteger(endianness: .big, as: UInt64.self)
        else { return nil }
        return IPv6Address(high: high, low: low)
    }
}
