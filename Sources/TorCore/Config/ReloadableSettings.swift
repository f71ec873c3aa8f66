/// The options a running client applies again when its torrc changes, kept together so a reload
/// can compare old and new (see ``TorConfiguration/reloadableDiff(from:)``).
///
/// Every field has the documented default; ranges are enforced by the parser and listed in
/// ``TorrcOptionTable``. `CircuitBuildTimeout` has C tor's meaning: the time after which a
/// circuit still being built is abandoned (tor(1), CircuitBuildTimeout; path-spec.txt §2.4).
public struct ReloadableSettings: Sendable, Equatable {
    /// `LogLevel` (this client's option): the minimum severity of every Log line that gives
    /// none of its own. When the torrc sets it explicitly it also lowers (never raises) the
    /// minimum of every other Log line, so `Log notice stdout` with `LogLevel debug` shows debug
    /// lines (``TorConfiguration/isLogLevelExplicit``). Default `notice`.
    public var logLevel: LogSeverity = .notice
    /// `MaxCircuitDirtiness`: how long a circuit that carried a stream is reused for new streams.
    /// Default 10 minutes; 10 seconds to 30 days (C tor's range).
    public var maxCircuitDirtiness: Duration = .seconds(600)
    /// `NewCircuitPeriod`: how often to consider building a new circuit. Default 30 seconds; at
    /// least 1 second.
    public var newCircuitPeriod: Duration = .seconds(30)
    /// `CircuitBuildTimeout`: abandon a circuit not built after this long. Default 60 seconds;
    /// 1 second to 10 minutes.
    public var circuitBuildTimeout: Duration = .seconds(60)
    /// `CircuitPoolMinSize`: prebuilt clean circuits to keep ready. Default 2; 0 to 64.
    public var circuitPoolMinSize: Int = 2
    /// `CircuitPoolMaxSize`: most clean circuits kept. Default 12; 1 to 256; not below the minimum.
    public var circuitPoolMaxSize: Int = 12
    /// `EnableCircuitPrebuilding`: build circuits before streams ask for them. Default on.
    public var enableCircuitPrebuilding: Bool = true
    /// `ConnectionPoolMaxIdle`: close a TLS connection to a relay idle this long. Default 5 minutes.
    public var connectionPoolMaxIdle: Duration = .seconds(300)
    /// `ConnectionPoolMaxLife`: stop reusing a TLS connection this old. Default 1 hour; not below
    /// `ConnectionPoolMaxIdle`.
    public var connectionPoolMaxLife: Duration = .seconds(3600)
    /// `EnableConnectionPooling`: share TLS connections between circuits. Default on.
    public var enableConnectionPooling: Bool = true
    /// `EnableBufferPooling`: reuse cell buffers. Default on.
    public var enableBufferPooling: Bool = true
    /// `IsolateDestinations`: streams to different destination address:port get different
    /// circuits. Default off.
    public var isolateDestinations: Bool = false
    /// `IsolateSOCKSAuth`: streams with different SOCKS credentials get different circuits.
    /// Default on (C tor's default for its SocksPort flag of that name).
    public var isolateSOCKSAuth: Bool = true
    /// `IsolateClientPort`: streams from different client source ports (so different client TCP
    /// connections) get different circuits; streams of one connection may share.
    /// Default off.
    public var isolateClientPort: Bool = false
    /// `IsolateClientProtocol`: SOCKS4, SOCKS4a and SOCKS5 streams get different circuits.
    /// Default off.
    public var isolateClientProtocol: Bool = false

    /// The defaults.
    public init() {}

    /// Each option's torrc name and value, in a fixed order (for diffs and `GETCONF`-style output).
    public var torrcValues: [(name: String, value: String)] {
        [
            ("LogLevel", logLevel.description),
            ("MaxCircuitDirtiness", TorrcInterval.format(maxCircuitDirtiness)),
            ("NewCircuitPeriod", TorrcInterval.format(newCircuitPeriod)),
            ("CircuitBuildTimeout", TorrcInterval.format(circuitBuildTimeout)),
            ("CircuitPoolMinSize", "\(circuitPoolMinSize)"),
            ("CircuitPoolMaxSize", "\(circuitPoolMaxSize)"),
            ("EnableCircuitPrebuilding", enableCircuitPrebuilding ? "1" : "0"),
            ("ConnectionPoolMaxIdle", TorrcInterval.format(connectionPoolMaxIdle)),
            ("ConnectionPoolMaxLife", TorrcInterval.format(connectionPoolMaxLife)),
            ("EnableConnectionPooling", enableConnectionPooling ? "1" : "0"),
            ("EnableBufferPooling", enableBufferPooling ? "1" : "0"),
            ("IsolateDestinations", isolateDestinations ? "1" : "0"),
            ("IsolateSOCKSAuth", isolateSOCKSAuth ? "1" : "0"),
            ("IsolateClientPort", isolateClientPort ? "1" : "0"),
            ("IsolateClientProtocol", isolateClientProtocol ? "1" : "0"),
        ]
    }
}
