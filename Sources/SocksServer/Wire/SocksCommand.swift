/// The command byte of a SOCKS request (RFC 1928 §4 CMD, SOCKS4 CD, socks-extensions.txt §2).
///
/// An open set: an unknown command survives decoding so the state machine can answer it with
/// "command not supported" rather than failing to parse.
public struct SocksCommand: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public let rawValue: UInt8
    /// Wraps any wire value, known or not.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// CONNECT: open a TCP stream to the target through an exit.
    public static let connect = SocksCommand(rawValue: 0x01)
    /// BIND: not supported by Tor (socks-extensions.txt §1.1).
    public static let bind = SocksCommand(rawValue: 0x02)
    /// UDP ASSOCIATE (SOCKS5 only): not supported by Tor (socks-extensions.txt §1.1).
    public static let udpAssociate = SocksCommand(rawValue: 0x03)
    /// Tor's RESOLVE: look the hostname up at an exit and answer with the address
    /// (socks-extensions.txt §2; SOCKS4a and SOCKS5).
    public static let resolve = SocksCommand(rawValue: 0xF0)
    /// Tor's RESOLVE_PTR: reverse-resolve an address at an exit and answer with the hostname
    /// (socks-extensions.txt §2; SOCKS5 only).
    public static let resolvePTR = SocksCommand(rawValue: 0xF1)

    /// A readable name, for logs and test output.
    public var description: String {
        switch self {
        case .connect: "CONNECT"
        case .bind: "BIND"
        case .udpAssociate: "UDP_ASSOCIATE"
        case .resolve: "RESOLVE"
        case .resolvePTR: "RESOLVE_PTR"
        default: "command(\(rawValue))"
        }
    }

    /// True for the commands Tor carries out for `version`: CONNECT and RESOLVE everywhere,
    /// RESOLVE_PTR over SOCKS5 only (socks-extensions.txt §2).
    public func isSupported(by version: SocksVersion) -> Bool {
        switch self {
        case .connect, .resolve: true
        case .resolvePTR: version == .socks5
        default: false
        }
    }
}
