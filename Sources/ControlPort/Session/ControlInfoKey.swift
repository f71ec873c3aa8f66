/// A GETINFO key (control-spec.txt §3.9). Open struct; GETINFO accepts only ``supported``.
public struct ControlInfoKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// A key as the controller wrote it (keys are case-sensitive in C tor).
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// `version`: the Tor version string, e.g. `0.4.9.11 (git-...)`.
    public static let version = ControlInfoKey("version")
    /// `status/bootstrap-phase`: e.g. `NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"`.
    public static let bootstrapPhase = ControlInfoKey("status/bootstrap-phase")
    /// `status/circuit-established`: `1` or `0`.
    public static let circuitEstablished = ControlInfoKey("status/circuit-established")
    /// `circuit-status`: one line per circuit (§4.1.1 format without the `650 CIRC`).
    public static let circuitStatus = ControlInfoKey("circuit-status")
    /// `stream-status`: one line per stream (§4.1.2 format without the `650 STREAM`).
    public static let streamStatus = ControlInfoKey("stream-status")
    /// `net/listeners/socks`: quoted `address:port` of every SOCKS listener, space-separated.
    public static let socksListeners = ControlInfoKey("net/listeners/socks")
    /// `config-file`: the torrc path.
    public static let configFile = ControlInfoKey("config-file")
    /// `traffic/read`: bytes read since start.
    public static let trafficRead = ControlInfoKey("traffic/read")
    /// `traffic/written`: bytes written since start.
    public static let trafficWritten = ControlInfoKey("traffic/written")
    /// `resilience/breakers`: ours, not C tor's: one line per circuit breaker and its state.
    public static let resilienceBreakers = ControlInfoKey("resilience/breakers")

    /// `uptime`: seconds since the client started.
    public static let uptime = ControlInfoKey("uptime")
    /// `torrc/status`: ours, not C tor's: `accepted`, or `rejected "why"` for the torrc last read.
    public static let torrcStatus = ControlInfoKey("torrc/status")

    /// The keys GETINFO passes to the backend; any other key gets 552.
    public static let supported: Set<ControlInfoKey> = [
        .version, .bootstrapPhase, .circuitEstablished, .circuitStatus, .streamStatus, .socksListeners,
        .configFile, .trafficRead, .trafficWritten, .resilienceBreakers, .uptime, .torrcStatus,
    ]
}
