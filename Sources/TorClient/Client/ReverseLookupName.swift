import SocksServer

// RESOLVE_PTR asks the exit for the name of an address, written the way DNS writes reverse
// lookups (tor-spec 6.4: "in-addr.arpa" / "ip6.arpa" form).

extension SocksIPv4Address {
    /// `d.c.b.a.in-addr.arpa` for a.b.c.d.
    var reverseLookupName: String {
        bytes.reversed().map(String.init).joined(separator: ".") + ".in-addr.arpa"
    }
}

extension SocksIPv6Address {
    /// The 32 nibbles, least significant first, then `ip6.arpa` (RFC 3596 section 2.5).
    var reverseLookupName: String {
        let nibbles = bytes.flatMap { [$0 >> 4, $0 & 0x0F] }
        return nibbles.reversed().map { String($0, radix: 16) }.joined(separator: ".") + ".ip6.arpa"
    }
}
