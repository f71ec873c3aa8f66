import TorCore

/// Which properties of a stream keep it off circuits used by streams that differ in them: the
/// isolation flags of the SocksPort line the stream arrived on (tor(1), SocksPort "isolation
/// flags"), each one either set on the line or taken from the torrc-wide default.
///
/// The session group is not a rule: it always isolates (C tor gives every SocksPort line its own
/// group unless `SessionGroup=N` joins several). Rules are resolved again for every new stream,
/// so a reload changes which new streams may share; streams already attached keep their circuit.
public struct IsolationRules: Hashable, Sendable, CustomStringConvertible {
    /// `IsolateSOCKSAuth`: different SOCKS username/password pairs (socks-extensions.txt §1.1).
    public var socksAuthentication: Bool
    /// `IsolateDestAddr`: different destination addresses or hostnames.
    public var destinationAddress: Bool
    /// `IsolateDestPort`: different destination ports.
    public var destinationPort: Bool
    /// `IsolateClientAddr`: different client IP addresses.
    public var clientAddress: Bool
    /// This client's torrc `IsolateClientPort`: different client source ports, so every client
    /// TCP connection gets circuits of its own.
    public var clientPort: Bool
    /// `IsolateClientProtocol`: different SOCKS dialects (SOCKS4, SOCKS4a, SOCKS5).
    public var clientProtocol: Bool

    /// Explicit rules; the defaults are C tor's SocksPort defaults (client address and SOCKS
    /// authentication isolate, nothing else).
    public init(
        socksAuthentication: Bool = true, destinationAddress: Bool = false, destinationPort: Bool = false,
        clientAddress: Bool = true, clientPort: Bool = false, clientProtocol: Bool = false
    ) {
        self.socksAuthentication = socksAuthentication
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.clientProtocol = clientProtocol
    }

    /// The rules of one SocksPort line: its own flags where it sets them, else the torrc-wide
    /// `IsolateDestinations`, `IsolateSOCKSAuth`, `IsolateClientPort` and
    /// `IsolateClientProtocol` of `settings` (``TorCore/StreamIsolationFlags/resolved(with:)``).
    public init(port flags: StreamIsolationFlags, settings: ReloadableSettings) {
        self.init(flags.resolved(with: settings))
    }

    /// Rules from flags already resolved against the torrc-wide defaults.
    public init(_ resolved: ResolvedStreamIsolation) {
        self.init(
            socksAuthentication: resolved.socksAuthentication, destinationAddress: resolved.destinationAddress,
            destinationPort: resolved.destinationPort, clientAddress: resolved.clientAddress,
            clientPort: resolved.clientPort, clientProtocol: resolved.clientProtocol)
    }

    /// The rules that are on, as SocksPort flag names (`IsolateClientAddr IsolateSOCKSAuth`).
    public var description: String {
        let named: [(String, Bool)] = [
            ("IsolateClientAddr", clientAddress), ("IsolateSOCKSAuth", socksAuthentication),
            ("IsolateClientProtocol", clientProtocol), ("IsolateDestPort", destinationPort),
            ("IsolateDestAddr", destinationAddress), ("IsolateClientPort", clientPort),
        ]
        let on = named.filter(\.1).map(\.0)
        return on.isEmpty ? "no isolation" : on.joined(separator: " ")
    }
}

/// The session group of a SOCKS listener: streams from different groups never share a circuit.
///
/// C tor numbers the groups of lines without `SessionGroup=` automatically, apart from every
/// configured number; ``listener(_:)`` does the same by listener position.
public enum SessionGroup: Hashable, Sendable, CustomStringConvertible {
    /// `SessionGroup=N` on the SocksPort line: every line naming N shares the group.
    case configured(Int)
    /// A line without `SessionGroup=`: its own group, identified by the line's position among
    /// the SocksPort lines (0 for the first).
    case listener(Int)

    /// The group of the SocksPort line at `index` of the configuration's SocksPort lines.
    public init(port: SocksPortConfiguration, index: Int) {
        self = port.sessionGroup.map(Self.configured) ?? .listener(index)
    }

    /// `SessionGroup=N` or `listener#I`.
    public var description: String {
        switch self {
        case .configured(let group): "SessionGroup=\(group)"
        case .listener(let index): "listener#\(index)"
        }
    }
}
