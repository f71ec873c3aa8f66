#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a listener (SocksPort, ControlPort) accepts connections: an IP address and a port.
///
/// Invariant: `address` is an IPv4 or IPv6 literal (without brackets); `localhost` in a torrc is
/// stored as `127.0.0.1`. C tor's forms are `PORT`, `auto`, `ADDRESS:PORT`, `ADDRESS:auto` and
/// `[IPv6]:PORT` (tor(1), SocksPort); a missing address means 127.0.0.1.
public struct ListenEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The port of a listener: a fixed number, or one the system picks (`auto`).
    public enum Port: Sendable, Hashable {
        /// The system picks a free port when the listener binds.
        case automatic
        /// A fixed port, 1...65535.
        case fixed(UInt16)
    }

    /// The address listeners use when the torrc gives none.
    public static let defaultAddress = "127.0.0.1"

    /// An IPv4 or IPv6 literal.
    public var address: String
    /// The port.
    public var port: Port

    /// Creates an endpoint; `address` must be an IP literal.
    public init(address: String, port: Port) {
        self.address = address
        self.port = port
    }

    /// True for an IPv6 address.
    public var isIPv6: Bool { address.contains(":") }

    /// The torrc form: `127.0.0.1:9050`, `[::1]:9050`, `127.0.0.1:auto`.
    public var description: String {
        let host = isIPv6 ? "[\(address)]" : address
        switch port {
        case .automatic: return "\(host):auto"
        case .fixed(let number): return "\(host):\(number)"
        }
    }

    /// Reads the first word of a listener option. Returns nil for `0` (the listener is disabled).
    static func parse(_ text: Substring, _ entry: TorrcEntry) throws -> ListenEndpoint? {
        let portFix = "use a port from 1 to 65535, \"auto\" or \"0\""
        if text.lowercased().hasPrefix("unix:") {
            throw entry.error(
                .configUnsupported, "unix domain sockets are not supported by this client",
                fix: "listen on a loopback address such as 127.0.0.1:9050 instead", shown: String(text))
        }
        if text == "0" { return nil }
        if text.lowercased() == "auto" { return ListenEndpoint(address: defaultAddress, port: .automatic) }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return ListenEndpoint(address: defaultAddress, port: try port(text, entry, fix: portFix))
        }

        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw entry.error(
                    .configBadAddress, "the IPv6 address has no closing \"]\"", fix: "write it as [ADDRESS]:PORT, e.g. [::1]:9050",
                    shown: String(text))
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw entry.error(
                    .configBadPort, "the address has no port", fix: "add one, as in [::1]:9050", shown: String(text))
            }
            portText = rest.dropFirst()
            guard IPAddressText.isIPv6(host) else {
                throw entry.error(
                    .configBadAddress, "not an IPv6 address", fix: "write it as [ADDRESS]:PORT, e.g. [::1]:9050", shown: String(text))
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                if IPAddressText.isIPv4(text) || text.lowercased() == "localhost" {
                    throw entry.error(
                        .configBadPort, "the address has no port", fix: "add one, as in 127.0.0.1:9050", shown: String(text))
                }
                throw entry.error(.configBadPort, "not a port number", fix: portFix, shown: String(text))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw entry.error(
                    .configBadAddress, "an IPv6 address needs brackets", fix: "write it as [ADDRESS]:PORT, e.g. [::1]:9050",
                    shown: String(text))
            }
            guard IPAddressText.isIPv4(host) || host.lowercased() == "localhost" else {
                throw entry.error(
                    .configBadAddress, "not an IP address",
                    fix: "use an IPv4 address, \"localhost\" or a bracketed IPv6 address before the port", shown: String(text))
            }
        }
        let address = host.lowercased() == "localhost" ? defaultAddress : host.lowercased()
        if portText.lowercased() == "auto" { return ListenEndpoint(address: address, port: .automatic) }
        return ListenEndpoint(address: address, port: try port(portText, entry, fix: portFix))
    }

    private static func port(_ text: Substring, _ entry: TorrcEntry, fix: String) throws -> Port {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = Int(text), (1...65535).contains(number) else {
            throw entry.error(.configBadPort, "not a port number", fix: fix, shown: String(entry.words.first ?? ""))
        }
        return .fixed(UInt16(number))
    }
}

/// Checks IP address literals with the C library's parser (pure: no name lookup).
enum IPAddressText {
    /// True for a dotted-quad IPv4 address.
    static func isIPv4<Text: StringProtocol>(_ text: Text) -> Bool {
        var storage = in_addr()
        return String(text).withCString { inet_pton(AF_INET, $0, &storage) } == 1
    }

    /// True for an IPv6 address (without brackets).
    static func isIPv6<Text: StringProtocol>(_ text: Text) -> Bool {
        var storage = in6_addr()
        return String(text).withCString { inet_pton(AF_INET6, $0, &storage) } == 1
    }

    /// Reads `ADDRESS:PORT` or `[IPv6]:PORT` where a fixed port is required (directory lines).
    /// Returns nil when the shape, the address family or the port is wrong.
    static func addressAndPort(_ text: Substring, requireIPv6: Bool) -> (address: String, port: UInt16)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard isIPv6(host) else { return nil }
        } else {
            guard !requireIPv6, let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard isIPv4(host) else { return nil }
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (host.lowercased(), UInt16(port))
    }
}
