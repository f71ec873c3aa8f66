/// Every GETINFO key this control port answers, with the one-line description `info/names`
/// gives (control-spec.txt §3.9). The session refuses any key not listed here with 552, so
/// `info/names` and what GETINFO accepts cannot drift apart.
public enum ControlInfoCatalog {
    /// One listed key: an exact key, or a prefix written `prefix*` that takes an argument.
    public struct Entry: Sendable, Equatable {
        /// The key, or the prefix of a key family (without the `*`).
        public var key: String
        /// Whether `key` is a prefix (`ns/id/*`).
        public var isPrefix: Bool
        /// What the value is.
        public var summary: String
    }

    private static func exact(_ key: ControlInfoKey, _ summary: String) -> Entry {
        Entry(key: key.rawValue, isPrefix: false, summary: summary)
    }

    private static func prefix(_ key: String, _ summary: String) -> Entry {
        Entry(key: key, isPrefix: true, summary: summary)
    }

    /// The keys, sorted as `info/names` lists them.
    public static let entries: [Entry] = [
        exact(.accountingEnabled, "Whether traffic accounting is on (never, for a client)."),
        exact(.address, "This host's public address, when it is a relay that knows it."),
        exact(.addressIPv4, "This host's public IPv4 address, when it is a relay that knows it."),
        exact(.addressIPv6, "This host's public IPv6 address, when it is a relay that knows it."),
        exact(.addressMappingsAll, "Every address mapping: MapAddress, cached answers and MAPADDRESS."),
        exact(.addressMappingsCache, "Cached DNS answers used as mappings (none: this client caches none)."),
        exact(.addressMappingsConfig, "The torrc's MapAddress mappings."),
        exact(.addressMappingsControl, "The mappings controllers made with MAPADDRESS."),
        exact(.circuitStatus, "The circuits this client has open or is building."),
        exact(.configFile, "The torrc path."),
        exact(.configText, "The configuration lines SAVECONF would write."),
        exact(.configNames, "The options GETCONF answers, with their types."),
        exact(.dormant, "Whether the client is dormant (idle, building no circuits)."),
        exact(.entryGuards, "The sampled entry guards and their state."),
        exact(.eventNames, "The events SETEVENTS accepts."),
        exact(.exitPolicyFull, "A relay's exit policy (a client has none)."),
        exact(.featureNames, "The features USEFEATURE accepts."),
        exact(.fingerprint, "A relay's identity fingerprint (a client has none)."),
        exact(.infoNames, "The keys GETINFO answers."),
        prefix(ControlInfoKey.geoIPPrefix, "The country of an address, from GeoIP data."),
        exact(.geoIPv4Available, "Whether IPv4 GeoIP data is loaded."),
        exact(.geoIPv6Available, "Whether IPv6 GeoIP data is loaded."),
        exact(.maximumMemoryInQueues, "The memory limit for queued cells, in bytes."),
        exact(.microdescriptorsAll, "Every microdescriptor held."),
        prefix(ControlInfoKey.microdescriptorByIDPrefix, "A relay's microdescriptor, by fingerprint."),
        prefix(ControlInfoKey.microdescriptorByNamePrefix, "A relay's microdescriptor, by nickname."),
        exact(.controlListeners, "The bound control-port addresses."),
        exact(.socksListeners, "The bound SOCKS addresses."),
        exact(.networkLiveness, "Whether the network looks reachable: up or down."),
        exact(.networkStatusAll, "Every router status entry of the consensus in use."),
        prefix(ControlInfoKey.networkStatusByIDPrefix, "A relay's router status entry, by fingerprint."),
        prefix(ControlInfoKey.networkStatusByNamePrefix, "A relay's router status entry, by nickname."),
        exact(.channelStatus, "The open and opening connections to relays."),
        exact(.processDescriptorLimit, "The file descriptor limit."),
        exact(.processID, "The process ID."),
        exact(.processUserID, "The user ID the process runs as."),
        exact(.processUser, "The user name the process runs as."),
        exact(.resilienceBreakers, "This client's circuit breakers and their state."),
        exact(.signalNames, "The signals SIGNAL accepts."),
        exact(.bootstrapPhase, "The last bootstrap status."),
        exact(.circuitEstablished, "Whether a circuit could be built."),
        exact(.clientsSeen, "A bridge's client statistics (empty for a client)."),
        exact(.enoughDirectoryInfo, "Whether enough directory information is held to build circuits."),
        exact(.reachabilitySucceeded, "A relay's reachability self-tests (always passed for a client)."),
        exact(.reachabilitySucceededDirectory, "A relay's DirPort self-test (always passed for a client)."),
        exact(.reachabilitySucceededOR, "A relay's ORPort self-test (always passed for a client)."),
        exact(.versionCurrent, "What the consensus says of this version."),
        exact(.versionRecommended, "The client versions the consensus recommends."),
        exact(.streamStatus, "The application streams."),
        exact(.torrcStatus, "Whether the torrc last read was accepted."),
        exact(.trafficRead, "Bytes read from relays since start."),
        exact(.trafficWritten, "Bytes written to relays since start."),
        exact(.uptime, "Seconds since the client started."),
        exact(.version, "The version."),
    ]

    private static let exactKeys: Set<String> = Set(entries.filter { !$0.isPrefix }.map(\.key))
    private static let prefixes: [String] = entries.filter(\.isPrefix).map(\.key)

    /// Whether GETINFO answers `key`: an exact listed key, or a listed prefix with a non-empty
    /// argument after it.
    public static func contains(_ key: ControlInfoKey) -> Bool {
        exactKeys.contains(key.rawValue)
            || prefixes.contains { key.rawValue.hasPrefix($0) && key.rawValue.count > $0.count }
    }

    /// The `info/names` value: `key -- summary` lines, a prefix written `prefix*`.
    public static var infoNames: String {
        entries.map { ($0.isPrefix ? $0.key + "*" : $0.key) + " -- " + $0.summary }.joined(separator: "\n")
    }
}
