/// The isolation flags a SocksPort line may set (tor(1), SocksPort "isolation flags").
///
/// Each field is nil when the line does not mention the flag; ``resolved(with:)`` fills the gaps
/// from the torrc-wide defaults in ``ReloadableSettings`` (and C tor's per-port defaults).
public struct StreamIsolationFlags: Sendable, Equatable {
    /// `IsolateClientAddr`: streams from different client addresses never share a circuit.
    public var clientAddress: Bool?
    /// `IsolateSOCKSAuth`: streams with different SOCKS username/password never share a circuit.
    public var socksAuthentication: Bool?
    /// `IsolateClientProtocol`: SOCKS4, SOCKS4a and SOCKS5 streams never share a circuit.
    public var clientProtocol: Bool?
    /// `IsolateDestPort`: streams to different destination ports never share a circuit.
    public var destinationPort: Bool?
    /// `IsolateDestAddr`: streams to different destination addresses never share a circuit.
    public var destinationAddress: Bool?

    /// No flag given.
    public init(
        clientAddress: Bool? = nil, socksAuthentication: Bool? = nil, clientProtocol: Bool? = nil,
        destinationPort: Bool? = nil, destinationAddress: Bool? = nil
    ) {
        self.clientAddress = clientAddress
        self.socksAuthentication = socksAuthentication
        self.clientProtocol = clientProtocol
        self.destinationPort = destinationPort
        self.destinationAddress = destinationAddress
    }

    /// The flags with every gap filled: `IsolateClientAddr` defaults to on (C tor's default),
    /// `IsolateSOCKSAuth` and `IsolateClientProtocol` to the torrc-wide options of the same name,
    /// the two destination flags to `IsolateDestinations`; `IsolateClientPort` is torrc-wide only.
    public func resolved(with settings: ReloadableSettings) -> ResolvedStreamIsolation {
        ResolvedStreamIsolation(
            clientAddress: clientAddress ?? true,
            socksAuthentication: socksAuthentication ?? settings.isolateSOCKSAuth,
            clientProtocol: clientProtocol ?? settings.isolateClientProtocol,
            clientPort: settings.isolateClientPort,
            destinationPort: destinationPort ?? settings.isolateDestinations,
            destinationAddress: destinationAddress ?? settings.isolateDestinations
        )
    }

    /// The flags as SocksPort words, in a fixed order (`IsolateDestAddr NoIsolateSOCKSAuth`).
    var torrcWords: [String] {
        let named: [(String, Bool?)] = [
            ("IsolateClientAddr", clientAddress), ("IsolateSOCKSAuth", socksAuthentication),
            ("IsolateClientProtocol", clientProtocol), ("IsolateDestPort", destinationPort),
            ("IsolateDestAddr", destinationAddress),
        ]
        return named.compactMap { name, value in value.map { $0 ? name : "No" + name } }
    }
}

/// Which stream properties keep streams on separate circuits, for one SOCKS listener.
public struct ResolvedStreamIsolation: Sendable, Equatable {
    /// Different client addresses are isolated.
    public var clientAddress: Bool
    /// Different SOCKS username/password pairs are isolated.
    public var socksAuthentication: Bool
    /// Different SOCKS versions are isolated.
    public var clientProtocol: Bool
    /// Different client source ports (client TCP connections) are isolated.
    public var clientPort: Bool
    /// Different destination ports are isolated.
    public var destinationPort: Bool
    /// Different destination addresses are isolated.
    public var destinationAddress: Bool

    /// Creates a resolved set of flags.
    public init(
        clientAddress: Bool, socksAuthentication: Bool, clientProtocol: Bool, clientPort: Bool,
        destinationPort: Bool, destinationAddress: Bool
    ) {
        self.clientAddress = clientAddress
        self.socksAuthentication = socksAuthentication
        self.clientProtocol = clientProtocol
        self.clientPort = clientPort
        self.destinationPort = destinationPort
        self.destinationAddress = destinationAddress
    }
}
