/// Which SOCKS dialect a client spoke.
///
/// Not a wire code: SOCKS4 and SOCKS4a share version byte 4 and differ only in whether the
/// destination is an address or a hostname (the SOCKS4a convention of 0.0.0.x, x ≠ 0). Tor keeps
/// them apart for `IsolateClientProtocol`, so we do too.
public enum SocksVersion: Hashable, Sendable, CustomStringConvertible {
    /// SOCKS4: an IPv4 destination and a NUL-terminated USERID.
    case socks4
    /// SOCKS4a: SOCKS4 with a NUL-terminated hostname after the USERID.
    case socks4a
    /// SOCKS5 (RFC 1928), optionally with RFC 1929 username/password authentication.
    case socks5

    /// A readable name, for logs and test output.
    public var description: String {
        switch self {
        case .socks4: "SOCKS4"
        case .socks4a: "SOCKS4a"
        case .socks5: "SOCKS5"
        }
    }

    /// True for the two dialects that share version byte 4 and SOCKS4's reply format.
    public var usesSocks4Replies: Bool { self != .socks5 }
}
