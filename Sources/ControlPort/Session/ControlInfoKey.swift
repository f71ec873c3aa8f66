/// A GETINFO key (control-spec.txt §3.9). Open struct; GETINFO accepts only keys
/// ``ControlInfoCatalog`` lists.
public struct ControlInfoKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// A key as the controller wrote it (keys are case-sensitive in C tor).
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The part after `prefix`, when this key starts with it (`ns/id/ABCD` -> `ABCD`).
    public func argument(after prefix: String) -> String? {
        rawValue.hasPrefix(prefix) ? String(rawValue.dropFirst(prefix.count)) : nil
    }

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
    /// `net/listeners/control`: quoted `address:port` of every control listener.
    public static let controlListeners = ControlInfoKey("net/listeners/control")
    /// `config-file`: the torrc path.
    public static let configFile = ControlInfoKey("config-file")
    /// `config-text`: the torrc lines SAVECONF would write.
    public static let configText = ControlInfoKey("config-text")
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

    /// `process/pid`, `process/uid`, `process/user`, `process/descriptor-limit`.
    public static let processID = ControlInfoKey("process/pid")
    public static let processUserID = ControlInfoKey("process/uid")
    public static let processUser = ControlInfoKey("process/user")
    public static let processDescriptorLimit = ControlInfoKey("process/descriptor-limit")

    /// The name lists: `config/names`, `info/names`, `events/names`, `signal/names`, `features/names`.
    public static let configNames = ControlInfoKey("config/names")
    public static let infoNames = ControlInfoKey("info/names")
    public static let eventNames = ControlInfoKey("events/names")
    public static let signalNames = ControlInfoKey("signal/names")
    public static let featureNames = ControlInfoKey("features/names")

    /// `status/enough-dir-info`: `1` once a usable network view is loaded.
    public static let enoughDirectoryInfo = ControlInfoKey("status/enough-dir-info")
    /// `status/version/current`: what the consensus says of our version (`unknown` for us).
    public static let versionCurrent = ControlInfoKey("status/version/current")
    /// `status/version/recommended`: the consensus's recommended client versions.
    public static let versionRecommended = ControlInfoKey("status/version/recommended")
    /// `status/clients-seen`: a bridge's client statistics; a client answers an empty summary.
    public static let clientsSeen = ControlInfoKey("status/clients-seen")
    /// `status/reachability-succeeded` and its `/or`, `/dir` parts: relay self-tests.
    public static let reachabilitySucceeded = ControlInfoKey("status/reachability-succeeded")
    public static let reachabilitySucceededOR = ControlInfoKey("status/reachability-succeeded/or")
    public static let reachabilitySucceededDirectory = ControlInfoKey("status/reachability-succeeded/dir")
    /// `dormant`: `1` while idle without building circuits.
    public static let dormant = ControlInfoKey("dormant")
    /// `network-liveness`: `up` or `down`.
    public static let networkLiveness = ControlInfoKey("network-liveness")
    /// `orconn-status`: one `LongName STATUS` line per channel to a relay.
    public static let channelStatus = ControlInfoKey("orconn-status")
    /// `entry-guards`: one `LongName STATUS` line per sampled guard.
    public static let entryGuards = ControlInfoKey("entry-guards")
    /// `ns/all`: every router status entry of the consensus in use.
    public static let networkStatusAll = ControlInfoKey("ns/all")
    /// `md/all`: every microdescriptor held.
    public static let microdescriptorsAll = ControlInfoKey("md/all")
    /// `address`, `address/v4`, `address/v6`, `fingerprint`, `exit-policy/full`: relay facts.
    public static let address = ControlInfoKey("address")
    public static let addressIPv4 = ControlInfoKey("address/v4")
    public static let addressIPv6 = ControlInfoKey("address/v6")
    public static let fingerprint = ControlInfoKey("fingerprint")
    public static let exitPolicyFull = ControlInfoKey("exit-policy/full")
    /// `accounting/enabled`: `0`, since a client has no AccountingMax.
    public static let accountingEnabled = ControlInfoKey("accounting/enabled")
    /// `limits/max-mem-in-queues`: the queue memory limit in bytes.
    public static let maximumMemoryInQueues = ControlInfoKey("limits/max-mem-in-queues")
    /// `ip-to-country/ipv4-available`, `ip-to-country/ipv6-available`: whether GeoIP is loaded.
    public static let geoIPv4Available = ControlInfoKey("ip-to-country/ipv4-available")
    public static let geoIPv6Available = ControlInfoKey("ip-to-country/ipv6-available")

    /// `address-mappings/all|config|cache|control`: `FROM TO EXPIRY` per mapping (the torrc's
    /// MapAddress, the DNS cache, MAPADDRESS; all of them).
    public static let addressMappingsAll = ControlInfoKey("address-mappings/all")
    public static let addressMappingsConfig = ControlInfoKey("address-mappings/config")
    public static let addressMappingsCache = ControlInfoKey("address-mappings/cache")
    public static let addressMappingsControl = ControlInfoKey("address-mappings/control")

    /// Prefixes of the keys that carry an argument: `ns/id/FP`, `ns/name/NICK`, `md/id/FP`,
    /// `md/name/NICK`, `ip-to-country/ADDRESS`.
    public static let networkStatusByIDPrefix = "ns/id/"
    public static let networkStatusByNamePrefix = "ns/name/"
    public static let microdescriptorByIDPrefix = "md/id/"
    public static let microdescriptorByNamePrefix = "md/name/"
    public static let geoIPPrefix = "ip-to-country/"
}
