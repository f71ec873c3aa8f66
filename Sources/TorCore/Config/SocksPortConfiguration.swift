/// One `SocksPort` line: where a SOCKS listener accepts connections and how it isolates streams
/// (tor(1), SocksPort; socks-extensions.txt for isolation by SOCKS authentication).
///
/// Forms: `SocksPort auto|PORT|ADDRESS:PORT|[IPv6]:PORT [flags]`; `SocksPort 0` disables SOCKS.
/// Isolation flags take a `No` prefix and, as in C tor, an optional trailing `s`.
public struct SocksPortConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The default listener, 127.0.0.1:9050 (C tor's default SocksPort).
    public static let defaultPort = SocksPortConfiguration(
        endpoint: ListenEndpoint(address: ListenEndpoint.defaultAddress, port: .fixed(9050)))

    /// The largest `SessionGroup=` value (C tor keeps session groups in a signed 32-bit integer).
    public static let maximumSessionGroup = Int(Int32.max)

    /// Where the listener binds.
    public var endpoint: ListenEndpoint
    /// The isolation flags the line sets.
    public var isolation: StreamIsolationFlags
    /// `SessionGroup=N`: listeners in different groups never share circuits; nil means the
    /// listener is its own group.
    public var sessionGroup: Int?

    /// Creates a listener description.
    public init(endpoint: ListenEndpoint, isolation: StreamIsolationFlags = .init(), sessionGroup: Int? = nil) {
        self.endpoint = endpoint
        self.isolation = isolation
        self.sessionGroup = sessionGroup
    }

    /// The torrc form of the line's value.
    public var description: String {
        var words = [endpoint.description] + isolation.torrcWords
        if let sessionGroup { words.append("SessionGroup=\(sessionGroup)") }
        return words.joined(separator: " ")
    }

    /// C tor SocksPort flags this client accepts and ignores with a warning (tor(1), SocksPort).
    static let ignoredFlags: Set<String> = [
        "ipv4traffic", "ipv6traffic", "preferipv6", "dnsrequest", "oniontraffic", "oniontrafficonly",
        "cacheipv4dns", "cacheipv6dns", "cachedns", "useipv4cache", "useipv6cache", "usednscache",
        "preferipv6automap", "prefersocksnoauth", "keepaliveisolatesocksauth", "extendederrors",
        "groupwritable", "worldwritable", "relaxdirmodecheck",
    ]

    /// Reads one SocksPort value. Returns nil for `0`. Warnings for ignored flags go to `warnings`.
    static func parse(_ entry: TorrcEntry, warnings: inout [ConfigurationWarning]) throws -> SocksPortConfiguration? {
        let words = entry.words
        guard let first = words.first else { return nil }
        guard let endpoint = try ListenEndpoint.parse(first, entry) else {
            if words.count > 1 {
                throw entry.error(.configBadFlag, "a disabled port takes no flags", fix: "remove the flags or the \"0\"")
            }
            return nil
        }
        var port = SocksPortConfiguration(endpoint: endpoint)
        for word in words.dropFirst() {
            try port.apply(flag: word, entry, warnings: &warnings)
        }
        return port
    }

    private mutating func apply(flag word: Substring, _ entry: TorrcEntry, warnings: inout [ConfigurationWarning]) throws {
        let lowered = word.lowercased()
        if lowered.hasPrefix("sessiongroup=") {
            sessionGroup = try TorrcValueParser.integer(
                String(word.dropFirst("sessiongroup=".count)), entry, in: 0...Self.maximumSessionGroup)
            return
        }
        let enabled = !lowered.hasPrefix("no")
        let name = enabled ? lowered : String(lowered.dropFirst(2))
        // C tor also accepts plurals such as IsolateDestAddrs.
        let candidates = name.hasSuffix("s") ? [name, String(name.dropLast())] : [name]
        for candidate in candidates {
            switch candidate {
            case "isolateclientaddr": isolation.clientAddress = enabled
            case "isolatesocksauth": isolation.socksAuthentication = enabled
            case "isolateclientprotocol": isolation.clientProtocol = enabled
            case "isolatedestport": isolation.destinationPort = enabled
            case "isolatedestaddr": isolation.destinationAddress = enabled
            default:
                guard Self.ignoredFlags.contains(candidate) else { continue }
                warnings.append(entry.warning(
                    "SocksPort flag \(word) is a C tor flag this client does not support yet; it is ignored."))
            }
            return
        }
        throw entry.error(
            .configBadFlag, "unknown SocksPort flag",
            fix: "use IsolateClientAddr, IsolateSOCKSAuth, IsolateClientProtocol, IsolateDestPort, IsolateDestAddr (or their No... forms) or SessionGroup=N",
            shown: String(word))
    }
}
