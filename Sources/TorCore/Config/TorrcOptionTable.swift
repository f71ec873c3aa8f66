/// An option this client implements: its canonical spelling, whether it may repeat, and how
/// its value is read into the configuration.
struct TorrcOption: Sendable {
    /// Single-valued options keep their last value (with a warning); list options accumulate.
    enum Multiplicity: Sendable { case single, list }

    let name: String
    let multiplicity: Multiplicity
    let apply: @Sendable (inout ConfigurationBuilder, TorrcEntry) throws -> Void
}

/// Every option this client implements, with its range (tor(1) for C tor's options and their
/// ranges; the rest are this client's own, documented in torrc.example).
enum TorrcOptionTable {
    /// `MaxCircuitDirtiness` range: C tor's (tor(1): at least 10 seconds, at most 30 days).
    static let maxCircuitDirtinessRange: ClosedRange<Duration> = .seconds(10) ... .seconds(30 * 86_400)
    /// `NewCircuitPeriod` range: at least 1 second.
    static let newCircuitPeriodRange: ClosedRange<Duration> = .seconds(1) ... TorrcInterval.maximum
    /// `CircuitBuildTimeout` range: 1 second to 10 minutes.
    static let circuitBuildTimeoutRange: ClosedRange<Duration> = .seconds(1) ... .seconds(600)
    /// `CircuitPoolMinSize` range.
    static let circuitPoolMinSizeRange = 0...64
    /// `CircuitPoolMaxSize` range.
    static let circuitPoolMaxSizeRange = 1...256
    /// `ConnectionPoolMaxIdle` and `ConnectionPoolMaxLife` range: 1 second to 7 days.
    static let connectionPoolRange: ClosedRange<Duration> = .seconds(1) ... .seconds(7 * 86_400)
    /// `SocksTimeout` range: at least 1 second.
    static let socksTimeoutRange: ClosedRange<Duration> = .seconds(1) ... TorrcInterval.maximum
    /// `TorrcPollInterval` range: 1 second to 1 hour.
    static let torrcPollIntervalRange: ClosedRange<Duration> = .seconds(1) ... .seconds(3600)

    /// The options, by lowercased name.
    static let byLowercasedName: [String: TorrcOption] = Dictionary(
        uniqueKeysWithValues: options.map { ($0.name.lowercased(), $0) })

    /// The canonical names of the options this client implements.
    static var names: [String] { options.map(\.name) }

    /// The option `keyword` names (case-insensitively), if this client implements it.
    static func option(named keyword: String) -> TorrcOption? {
        byLowercasedName[keyword.lowercased()]
    }

    private static func single(
        _ name: String, _ apply: @escaping @Sendable (inout ConfigurationBuilder, TorrcEntry) throws -> Void
    ) -> TorrcOption {
        TorrcOption(name: name, multiplicity: .single, apply: apply)
    }

    private static func list(
        _ name: String, _ apply: @escaping @Sendable (inout ConfigurationBuilder, TorrcEntry) throws -> Void
    ) -> TorrcOption {
        TorrcOption(name: name, multiplicity: .list, apply: apply)
    }

    private static func boolean(
        _ name: String, _ field: @escaping @Sendable (inout ConfigurationBuilder, Bool) -> Void
    ) -> TorrcOption {
        single(name) { builder, entry in field(&builder, try TorrcValueParser.boolean(entry)) }
    }

    private static let options: [TorrcOption] = listenerOptions + directoryOptions + nodeOptions + loggingOptions + reloadableOptions

    private static let listenerOptions: [TorrcOption] = [
        list("SocksPort") { builder, entry in
            if builder.startsList("SocksPort") { builder.configuration.socksPorts = [] }
            if let port = try SocksPortConfiguration.parse(entry, warnings: &builder.warnings) {
                builder.configuration.socksPorts.append(port)
                builder.socksPortEntries.append(entry)
            } else {
                builder.disabledSocksPort = entry
            }
        },
        list("ControlPort") { builder, entry in
            let words = entry.words
            guard let endpoint = try ListenEndpoint.parse(words[0], entry) else {
                builder.disabledControlPort = entry
                return
            }
            if let flag = words.dropFirst().first {
                // tor 0.4.9 also rejects its unix-socket flags on a TCP control port.
                throw entry.error(
                    .configBadFlag, "ControlPort takes no flags here (C tor's flags apply only to unix sockets)",
                    fix: "remove it and keep only the address and port", shown: String(flag))
            }
            builder.configuration.controlPorts.append(endpoint)
            builder.controlPortEntries.append(entry)
        },
        boolean("CookieAuthentication") { $0.configuration.cookieAuthentication = $1 },
        single("CookieAuthFile") { builder, entry in
            builder.configuration.cookieAuthFile = try TorrcValueParser.path(entry, homeDirectory: builder.homeDirectory)
        },
        list("HashedControlPassword") { builder, entry in
            builder.configuration.hashedControlPasswords.append(try HashedControlPassword.parse(entry))
        },
        single("DataDirectory") { builder, entry in
            builder.configuration.dataDirectory = try TorrcValueParser.path(entry, homeDirectory: builder.homeDirectory)
        },
        single("SocksTimeout") { builder, entry in
            builder.configuration.socksTimeout = try TorrcValueParser.interval(entry, in: socksTimeoutRange)
        },
        boolean("RunAsDaemon") { $0.configuration.runAsDaemon = $1 },
        single("PidFile") { builder, entry in
            builder.configuration.pidFile = try TorrcValueParser.path(entry, homeDirectory: builder.homeDirectory)
        },
        single("ControlPortWriteToFile") { builder, entry in
            builder.configuration.controlPortWriteToFile = try TorrcValueParser.path(entry, homeDirectory: builder.homeDirectory)
        },
        boolean("ControlPortFileGroupReadable") { $0.configuration.controlPortFileGroupReadable = $1 },
        single("TorrcPollInterval") { builder, entry in
            builder.configuration.torrcPollInterval = try TorrcValueParser.interval(entry, in: torrcPollIntervalRange)
        },
        single("__OwningControllerProcess") { builder, entry in
            guard let pid = Int32(entry.value), pid > 0 else {
                throw entry.error(.configBadValue, "not a process ID", fix: "give the PID of the process that controls this client")
            }
            builder.configuration.owningControllerProcess = pid
        },
    ]

    private static let directoryOptions: [TorrcOption] = [
        list("DirAuthority") { builder, entry in
            if builder.startsList("DirAuthority") { builder.configuration.directoryAuthorities = [] }
            let authority = try DirectoryLineParser.authority(entry, warnings: &builder.warnings)
            builder.configuration.directoryAuthorities.append(authority)
            builder.authorityEntries.append(entry)
        },
        list("FallbackDir") { builder, entry in
            builder.configuration.fallbackDirectories.append(try DirectoryLineParser.fallback(entry))
        },
        boolean("TestingTorNetwork") { $0.configuration.testingTorNetwork = $1 },
        boolean("EnforceDistinctSubnets") { $0.configuration.enforceDistinctSubnets = $1 },
        single("CongestionControl") { builder, entry in
            guard let mode = CongestionControlMode(rawValue: entry.value.lowercased()) else {
                throw entry.error(.configBadValue, "not auto, 0 or 1", fix: "use auto (the default), 0 (off) or 1 (on)")
            }
            builder.configuration.congestionControl = mode
        },
        single("ConfluxEnabled") { builder, entry in
            guard let mode = ConfluxMode(rawValue: entry.value.lowercased()) else {
                throw entry.error(.configBadValue, "not auto, 0 or 1", fix: "use auto (the default), 0 (off) or 1 (on)")
            }
            builder.configuration.conflux = mode
        },
    ]

    /// tor(1) NODE SELECTION OPTIONS (list lines of one option are spliced together), and
    /// MapAddress.
    private static let nodeOptions: [TorrcOption] = NodeSelection.listOptions.map { option in
        list(option.name) { builder, entry in
            builder.configuration.nodes[keyPath: option.field] += try NodeSelection.parseList(entry, warnings: &builder.warnings)
        }
    } + [
        boolean("StrictNodes") { $0.configuration.nodes.strictNodes = $1 },
        list("MapAddress") { builder, entry in
            builder.configuration.addressMappings.append(try AddressMapping.parse(entry))
        },
    ]

    private static let loggingOptions: [TorrcOption] = [
        list("Log") { builder, entry in
            let destination = try LogDestination.parse(entry, homeDirectory: builder.homeDirectory)
            if builder.startsList("Log") { builder.configuration.logs = [] }
            builder.configuration.logs.append(destination)
            if destination.selectors.contains(where: \.selectsDomains) {
                builder.warnings.append(entry.warning(
                    "Log domains are read but not filtered yet: this destination gets every domain at the severities given."))
            }
        },
        single("SafeLogging") { builder, entry in
            builder.configuration.safeLogging = try SafeLoggingMode.parse(entry)
        },
        single("LogLevel") { builder, entry in
            guard let severity = LogSeverity(name: entry.value) else {
                throw entry.error(.configBadValue, "not a log severity", fix: "use debug, info, notice, warn or err")
            }
            builder.configuration.reloadable.logLevel = severity
            builder.configuration.isLogLevelExplicit = true
        },
    ]

    private static let reloadableOptions: [TorrcOption] = [
        single("MaxCircuitDirtiness") { builder, entry in
            builder.configuration.reloadable.maxCircuitDirtiness = try TorrcValueParser.interval(entry, in: maxCircuitDirtinessRange)
        },
        single("NewCircuitPeriod") { builder, entry in
            builder.configuration.reloadable.newCircuitPeriod = try TorrcValueParser.interval(entry, in: newCircuitPeriodRange)
        },
        single("CircuitBuildTimeout") { builder, entry in
            builder.configuration.reloadable.circuitBuildTimeout = try TorrcValueParser.interval(entry, in: circuitBuildTimeoutRange)
        },
        single("CircuitPoolMinSize") { builder, entry in
            builder.configuration.reloadable.circuitPoolMinSize = try TorrcValueParser.integer(entry, in: circuitPoolMinSizeRange)
        },
        single("CircuitPoolMaxSize") { builder, entry in
            builder.configuration.reloadable.circuitPoolMaxSize = try TorrcValueParser.integer(entry, in: circuitPoolMaxSizeRange)
        },
        boolean("EnableCircuitPrebuilding") { $0.configuration.reloadable.enableCircuitPrebuilding = $1 },
        single("ConnectionPoolMaxIdle") { builder, entry in
            builder.configuration.reloadable.connectionPoolMaxIdle = try TorrcValueParser.interval(entry, in: connectionPoolRange)
        },
        single("ConnectionPoolMaxLife") { builder, entry in
            builder.configuration.reloadable.connectionPoolMaxLife = try TorrcValueParser.interval(entry, in: connectionPoolRange)
        },
        boolean("EnableConnectionPooling") { $0.configuration.reloadable.enableConnectionPooling = $1 },
        boolean("EnableBufferPooling") { $0.configuration.reloadable.enableBufferPooling = $1 },
        boolean("IsolateDestinations") { $0.configuration.reloadable.isolateDestinations = $1 },
        boolean("IsolateSOCKSAuth") { $0.configuration.reloadable.isolateSOCKSAuth = $1 },
        boolean("IsolateClientPort") { $0.configuration.reloadable.isolateClientPort = $1 },
        boolean("IsolateClientProtocol") { $0.configuration.reloadable.isolateClientProtocol = $1 },
    ]
}
