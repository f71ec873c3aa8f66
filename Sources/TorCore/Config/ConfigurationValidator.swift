/// The checks that involve more than one option, and the defaults that depend on other options.
/// They run after every line is read, so each problem can name the line that caused it.
enum ConfigurationValidator {
    /// Fills in derived defaults, then appends an error per broken rule and a warning per risky
    /// combination.
    static func finish(_ builder: inout ConfigurationBuilder, errors: inout [(line: Int, error: TorCoreError)]) {
        applyDerivedDefaults(&builder)
        checkPoolLimits(builder, errors: &errors)
        checkListeners(&builder, errors: &errors)
        checkAuthorities(&builder, errors: &errors)
        if builder.configuration.safeLogging == .disabled, let entry = builder.lastEntry["SafeLogging"] {
            builder.warnings.append(entry.warning(
                "SafeLogging 0 writes addresses, hostnames and keys to the logs; use it only while debugging."))
        }
    }

    private static func applyDerivedDefaults(_ builder: inout ConfigurationBuilder) {
        var configuration = builder.configuration
        if configuration.testingTorNetwork, !builder.isSet("EnforceDistinctSubnets") {
            // All relays of a private network share 127.0.0.1 (C tor does the same).
            configuration.enforceDistinctSubnets = false
        }
        if !builder.isSet("CookieAuthFile") {
            configuration.cookieAuthFile = configuration.dataDirectory + "/" + TorConfiguration.cookieFileName
        }
        builder.configuration = configuration
    }

    private static func checkPoolLimits(_ builder: ConfigurationBuilder, errors: inout [(line: Int, error: TorCoreError)]) {
        let settings = builder.configuration.reloadable
        if settings.circuitPoolMaxSize < settings.circuitPoolMinSize,
           let entry = builder.lastEntry["CircuitPoolMaxSize"] ?? builder.lastEntry["CircuitPoolMinSize"] {
            errors.append(entry.located(
                .configConflict,
                "CircuitPoolMaxSize (\(settings.circuitPoolMaxSize)) is below CircuitPoolMinSize (\(settings.circuitPoolMinSize))",
                fix: "raise CircuitPoolMaxSize or lower CircuitPoolMinSize"))
        }
        if settings.connectionPoolMaxLife < settings.connectionPoolMaxIdle,
           let entry = builder.lastEntry["ConnectionPoolMaxLife"] ?? builder.lastEntry["ConnectionPoolMaxIdle"] {
            errors.append(entry.located(
                .configConflict,
                "ConnectionPoolMaxLife (\(TorrcInterval.format(settings.connectionPoolMaxLife))) is shorter than ConnectionPoolMaxIdle (\(TorrcInterval.format(settings.connectionPoolMaxIdle)))",
                fix: "make ConnectionPoolMaxLife at least as long as ConnectionPoolMaxIdle"))
        }
    }

    private static func checkListeners(_ builder: inout ConfigurationBuilder, errors: inout [(line: Int, error: TorCoreError)]) {
        let configuration = builder.configuration
        if let disabled = builder.disabledSocksPort, !configuration.socksPorts.isEmpty {
            errors.append(disabled.located(
                .configConflict, "disables SOCKS, but line \(builder.socksPortEntries[0].line) opens a SOCKS port",
                fix: "remove \"SocksPort 0\" or the other SocksPort lines"))
        }
        if let disabled = builder.disabledControlPort, !configuration.controlPorts.isEmpty {
            errors.append(disabled.located(
                .configConflict, "disables the control port, but line \(builder.controlPortEntries[0].line) opens one",
                fix: "remove \"ControlPort 0\" or the other ControlPort lines"))
        }
        let listeners = Array(zip(configuration.socksPorts.map(\.endpoint), builder.socksPortEntries))
            + Array(zip(configuration.controlPorts, builder.controlPortEntries))
        var seen: [(ListenEndpoint, TorrcEntry)] = []
        for (endpoint, entry) in listeners.sorted(by: { $0.1.line < $1.1.line }) {
            if let clash = seen.first(where: { overlaps($0.0, endpoint) }) {
                errors.append(entry.located(
                    .configDuplicatePort,
                    "the same address and port as \(clash.1.keyword) on line \(clash.1.line)",
                    fix: "give each listener its own port", shown: String(entry.words.first ?? "")))
            }
            seen.append((endpoint, entry))
        }
        if let entry = builder.controlPortEntries.first, !configuration.cookieAuthentication,
           configuration.hashedControlPasswords.isEmpty {
            builder.warnings.append(entry.warning(
                "ControlPort is open but neither CookieAuthentication nor HashedControlPassword is set, so any local program can control this client; set CookieAuthentication 1."))
        }
    }

    /// Two listeners clash on the same fixed port when the addresses are equal or one of them is
    /// the wildcard address of the other's family.
    private static func overlaps(_ first: ListenEndpoint, _ second: ListenEndpoint) -> Bool {
        guard case .fixed(let port) = first.port, case .fixed(port) = second.port, first.isIPv6 == second.isIPv6 else {
            return false
        }
        let wildcards: Set<String> = ["0.0.0.0", "::"]
        return first.address == second.address || wildcards.contains(first.address) || wildcards.contains(second.address)
    }

    private static func checkAuthorities(_ builder: inout ConfigurationBuilder, errors: inout [(line: Int, error: TorCoreError)]) {
        let authorities = builder.configuration.directoryAuthorities
        let entries = builder.authorityEntries
        guard let first = entries.first, authorities.count == entries.count else { return }
        for (authority, entry) in zip(authorities, entries) {
            if authority.isBridgeAuthority {
                builder.warnings.append(entry.warning(
                    "DirAuthority \(authority.nickname ?? authority.fingerprint.description) is a bridge authority, which clients do not use; it is ignored."))
            } else if !authority.isV3Authority {
                builder.warnings.append(entry.warning(
                    "DirAuthority \(authority.nickname ?? authority.fingerprint.description) has no v3ident=, so it is not a v3 authority and cannot sign consensuses; add its v3ident= if it should."))
            }
        }
        if !authorities.contains(where: { $0.isV3Authority && !$0.isBridgeAuthority }) {
            errors.append(first.located(
                .configNoV3Authority, "none of the DirAuthority lines has a v3ident=, so no consensus could ever be verified",
                fix: "add v3ident=HEX (the authority's v3 identity digest) to the authorities that vote",
                shown: first.words.first.map(String.init) ?? first.value))
        }
        if !builder.configuration.testingTorNetwork {
            builder.warnings.append(first.warning(
                "DirAuthority replaces the public Tor network's authorities; a client with its own authorities looks different from every other Tor user. Set TestingTorNetwork 1 if this is a private test network."))
        }
    }
}
