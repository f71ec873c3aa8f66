/// Which streams may share a circuit, per SocksPort (tor(1) "isolation flags").
///
/// The SOCKS layer only carries these to the code that picks circuits; it applies none itself.
public struct SocksIsolationFlags: OptionSet, Hashable, Sendable {
    /// The wire value.
    public let rawValue: UInt32
    /// Wraps any wire value, known or not.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IsolateClientAddr`: streams from different client addresses never share a circuit.
    public static let clientAddress = SocksIsolationFlags(rawValue: 1 << 0)
    /// `IsolateSOCKSAuth`: streams with different SOCKS credentials never share a circuit.
    public static let socksAuthentication = SocksIsolationFlags(rawValue: 1 << 1)
    /// `IsolateClientProtocol`: SOCKS4, SOCKS4a and SOCKS5 streams never share a circuit.
    public static let clientProtocol = SocksIsolationFlags(rawValue: 1 << 2)
    /// `IsolateDestPort`: streams to different ports never share a circuit.
    public static let destinationPort = SocksIsolationFlags(rawValue: 1 << 3)
    /// `IsolateDestAddr`: streams to different addresses never share a circuit.
    public static let destinationAddress = SocksIsolationFlags(rawValue: 1 << 4)
    /// `KeepAliveIsolateSOCKSAuth`: keep circuits with authenticated streams alive while in use.
    public static let keepAliveSOCKSAuthentication = SocksIsolationFlags(rawValue: 1 << 5)

    /// What a SocksPort line without flags means: `IsolateClientAddr` and `IsolateSOCKSAuth`
    /// are on by default (tor(1)).
    public static let defaults: SocksIsolationFlags = [.clientAddress, .socksAuthentication]
}

/// The options of one SOCKS listener that the SOCKS layer needs or passes on.
public struct SocksPortOptions: Hashable, Sendable {
    /// The isolation flags, for the circuit chooser.
    public var isolation: SocksIsolationFlags
    /// `SessionGroup=INT`: ports in one group may share circuits; nil gives the port its own.
    public var sessionGroup: Int?
    /// `ExtendedErrors`: send Tor's X'F0'–X'F7' reply codes.
    public var extendedErrors: Bool
    /// `PreferSOCKSNoAuth`: pick "no authentication" when a client offers both methods.
    public var preferNoAuthentication: Bool

    /// Creates the value from its fields.
    public init(
        isolation: SocksIsolationFlags = .defaults, sessionGroup: Int? = nil,
        extendedErrors: Bool = false, preferNoAuthentication: Bool = false
    ) {
        self.isolation = isolation
        self.sessionGroup = sessionGroup
        self.extendedErrors = extendedErrors
        self.preferNoAuthentication = preferNoAuthentication
    }

    /// The handshake choices these options imply. Without `IsolateSOCKSAuth` the credentials
    /// change nothing, so "no authentication" is preferred then too, sparing clients that get
    /// confused when asked for a password (tor(1) `PreferSOCKSNoAuth`).
    public var stateMachineConfiguration: SocksServerStateMachine.Configuration {
        SocksServerStateMachine.Configuration(
            preferNoAuthentication: preferNoAuthentication || !isolation.contains(.socksAuthentication),
            extendedErrors: extendedErrors)
    }
}
