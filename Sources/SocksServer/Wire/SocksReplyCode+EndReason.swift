extension SocksReplyCode {
    /// The SOCKS5 reply for a stream that an exit ended before it opened, from the RELAY_END
    /// reason byte (tor-spec §6.3). Takes the raw byte so any reason, known or not, maps.
    ///
    /// | END reason | value | reply |
    /// |---|---|---|
    /// | MISC | 1 | X'01' general failure |
    /// | RESOLVEFAILED | 2 | X'04' host unreachable |
    /// | CONNECTREFUSED | 3 | X'05' connection refused |
    /// | EXITPOLICY | 4 | X'02' not allowed by ruleset |
    /// | DESTROY | 5 | X'01' general failure |
    /// | DONE | 6 | X'01' general failure |
    /// | TIMEOUT | 7 | X'06' TTL expired |
    /// | NOROUTE | 8 | X'03' network unreachable |
    /// | HIBERNATING | 9 | X'01' general failure |
    /// | INTERNAL | 10 | X'01' general failure |
    /// | RESOURCELIMIT | 11 | X'01' general failure |
    /// | CONNRESET | 12 | X'05' connection refused |
    /// | TORPROTOCOL | 13 | X'01' general failure |
    /// | NOTDIRECTORY | 14 | X'01' general failure |
    /// | anything else | | X'01' general failure |
    ///
    /// SOCKS4 has one failure code, so a SOCKS4 client sees X'5B' whatever this returns.
    public init(endReason: UInt8) {
        switch endReason {
        case 2: self = .hostUnreachable
        case 3: self = .connectionRefused
        case 4: self = .notAllowedByRuleset
        case 7: self = .ttlExpired
        case 8: self = .networkUnreachable
        // A reset before the stream opened is a refusal as far as the client can tell, and
        // relays older than CONNRESET sent CONNECTREFUSED for resets (tor-spec §6.3 note).
        case 12: self = .connectionRefused
        // DONE before CONNECTED means the stream never opened: there is no success to report,
        // and RFC 1928 has no closer code than general failure. The rest (MISC, DESTROY,
        // HIBERNATING, INTERNAL, RESOURCELIMIT, TORPROTOCOL, NOTDIRECTORY) describe Tor's side,
        // not the destination, and RFC 1928 has no code for them either.
        default: self = .generalFailure
        }
    }
}
