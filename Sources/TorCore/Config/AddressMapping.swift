/// One `MapAddress address newaddress` line (tor(1), MapAddress): streams for `address` go to
/// `newaddress` instead. `*.example.com` as the original matches example.com and every name
/// under it; as the replacement too (`*.example.org`), the matched prefix is kept.
public struct AddressMapping: Sendable, Hashable, CustomStringConvertible {
    /// The address applications ask for (lowercased), possibly `*.domain`.
    public let from: String
    /// The address the client uses instead (lowercased), possibly `*.domain` when `from` is one.
    public let to: String

    /// A mapping of two addresses already checked with ``isValidAddress(_:)``.
    public init(from: String, to: String) {
        self.from = from.lowercased()
        self.to = to.lowercased()
    }

    /// True for `*.domain` patterns.
    public var isWildcard: Bool { from.hasPrefix("*.") }

    /// `from to`, as the torrc line's value.
    public var description: String { "\(from) \(to)" }

    /// Reads a `MapAddress` line's value.
    static func parse(_ entry: TorrcEntry) throws -> AddressMapping {
        let words = entry.words
        guard words.count == 2 else {
            throw entry.error(.configBadValue, "needs two addresses", fix: "write MapAddress ADDRESS NEWADDRESS, e.g. MapAddress www.example.com www.example.org")
        }
        let (from, to) = (String(words[0]), String(words[1]))
        for address in [from, to] {
            let bare = address.hasPrefix("*.") ? String(address.dropFirst(2)) : address
            guard isValidAddress(bare) else {
                throw entry.error(.configBadAddress, "not a hostname or IP address", fix: "give a hostname, an IP address or *.domain", shown: address)
            }
        }
        if to.hasPrefix("*."), !from.hasPrefix("*.") {
            throw entry.error(.configBadValue, "a *.domain replacement needs a *.domain original", fix: "make both wildcards, or neither", shown: to)
        }
        return AddressMapping(from: from, to: to)
    }

    /// True for a hostname of letters, digits, hyphens, underscores and dots (at most 255
    /// bytes, no empty label), or an IPv4 or IPv6 address, as tor accepts for a destination.
    public static func isValidAddress(_ text: String) -> Bool {
        if IPv4Address(text) != nil || IPv6Address(text) != nil { return true }
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        if bare != text { return IPv6Address(bare) != nil }
        guard (1...255).contains(text.utf8.count), !text.hasPrefix("."), !text.contains("..") else { return false }
        return text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
