/// A parsed and validated torrc: every option this client implements, typed, with its default
/// filled in (tor(1) for the C tor options; the `ReloadableSettings` and `TorrcPollInterval`
/// options are this client's own).
///
/// Obtain one from ``parse(text:fileName:)`` or ``load(path:)``; both run every range and
/// cross-field check, so a value of this type always satisfies them. ``defaults(homeDirectory:)``
/// is the configuration of an empty torrc.
public struct TorConfiguration: Sendable, Equatable {
    /// `SocksPort` (list): the SOCKS listeners. Default one, 127.0.0.1:9050; empty after `SocksPort 0`.
    public var socksPorts: [SocksPortConfiguration]
    /// `ControlPort` (list): the control-port listeners. Default none.
    public var controlPorts: [ListenEndpoint]
    /// `CookieAuthentication`: controllers may authenticate with the cookie file. Default off.
    public var cookieAuthentication: Bool
    /// `CookieAuthFile`: where the control cookie is written. Default DataDirectory/control_auth_cookie.
    public var cookieAuthFile: String
    /// `HashedControlPassword` (list): accepted control passwords. Default none.
    public var hashedControlPasswords: [HashedControlPassword]
    /// `DataDirectory`: where state and caches live. Default `~/.tor` (expanded).
    public var dataDirectory: String
    /// `DirAuthority` (list): the directory authorities. Default ``DefaultAuthorities/all``.
    public var directoryAuthorities: [DirectoryAuthority]
    /// `FallbackDir` (list): fallback directory mirrors. Default none.
    public var fallbackDirectories: [FallbackDirectory]
    /// `TestingTorNetwork`: the private-network timing and rules of C tor. Default off.
    public var testingTorNetwork: Bool
    /// `EnforceDistinctSubnets`: never put two relays of one /16 (IPv4) or /32 (IPv6) in a
    /// circuit. Default on, but off when TestingTorNetwork is on and this option is not set (C tor).
    public var enforceDistinctSubnets: Bool
    /// `Log` (list): log destinations. Default one: stdout at `LogLevel` (notice) and above.
    public var logs: [LogDestination]
    /// `SafeLogging`: scrub addresses and keys from logs. Default `1`.
    public var safeLogging: SafeLoggingMode
    /// `SocksTimeout`: give up on a SOCKS connection that got no circuit in this long. Default 2 minutes.
    public var socksTimeout: Duration
    /// `TorrcPollInterval`: how often a running client checks its torrc for changes. Default 5
    /// seconds; 1 second to 1 hour.
    public var torrcPollInterval: Duration
    /// The options a running client applies again on reload.
    public var reloadable: ReloadableSettings
    /// True when the torrc has a `LogLevel` line: it then also lowers (never raises) the
    /// minimum of every Log line that gives its own (see ``ReloadableSettings/logLevel``).
    public var isLogLevelExplicit: Bool = false
    /// `CongestionControl`: whether exit circuits negotiate congestion control (prop 324).
    /// Default `auto`. Restart-only.
    public var congestionControl: CongestionControlMode = .automatic
    /// `ConfluxEnabled`: whether exit circuits are joined in pairs into conflux sets
    /// (proposal 329). Default `auto`. Restart-only.
    public var conflux: ConfluxMode = .automatic
    /// `EntryNodes`, `MiddleNodes`, `ExitNodes`, `ExcludeNodes`, `ExcludeExitNodes` and
    /// `StrictNodes`. Default unset. Applied live.
    public var nodes = NodeSelection()
    /// `RunAsDaemon`: `torctl run` starts the client in the background and returns once its
    /// listeners are open. Default off. Restart-only.
    public var runAsDaemon = false
    /// `PidFile`: where the client writes its process ID at start (removed on a clean exit).
    /// Default none. Restart-only.
    public var pidFile: String? = nil
    /// `ControlPortWriteToFile`: where the client writes `PORT=ADDRESS:PORT` for each control
    /// listener once it is open (removed on a clean exit). Default none. Restart-only.
    public var controlPortWriteToFile: String? = nil
    /// `ControlPortFileGroupReadable`: that file is readable by the group too. Default off.
    public var controlPortFileGroupReadable = false
    /// `MapAddress` (list): addresses SOCKS requests are sent to instead of the ones asked
    /// for. Default none. Applied live.
    public var addressMappings: [AddressMapping] = []
    /// `__OwningControllerProcess`: the client exits once this process is gone (tor(1),
    /// control-spec §3.23). Default none. Not a restart-only option: the control port keeps it.
    public var owningControllerProcess: Int32? = nil

    /// The file name control cookies get inside the data directory (control-spec.txt §5.1).
    public static let cookieFileName = "control_auth_cookie"

    /// The configuration of an empty torrc for a user whose home is `homeDirectory`.
    public static func defaults(homeDirectory: String) -> TorConfiguration {
        let home = homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory
        let dataDirectory = home + "/.tor"
        return TorConfiguration(
            socksPorts: [.defaultPort], controlPorts: [], cookieAuthentication: false,
            cookieAuthFile: dataDirectory + "/" + cookieFileName, hashedControlPasswords: [],
            dataDirectory: dataDirectory, directoryAuthorities: DefaultAuthorities.all, fallbackDirectories: [],
            testingTorNetwork: false, enforceDistinctSubnets: true,
            logs: [LogDestination(selectors: [], target: .standardOutput)], safeLogging: .enabled,
            socksTimeout: .seconds(120), torrcPollInterval: .seconds(5), reloadable: ReloadableSettings())
    }

    /// True when no DirAuthority line replaced the public network's authorities.
    public var usesDefaultAuthorities: Bool { directoryAuthorities == DefaultAuthorities.all }

    /// The options outside ``ReloadableSettings`` with their torrc values, in a fixed order.
    /// List options join their values with `; `.
    public var restartOnlyValues: [(name: String, value: String)] {
        [
            ("SocksPort", socksPorts.isEmpty ? "0" : socksPorts.map(\.description).joined(separator: "; ")),
            ("ControlPort", controlPorts.isEmpty ? "0" : controlPorts.map(\.description).joined(separator: "; ")),
            ("CookieAuthentication", cookieAuthentication ? "1" : "0"),
            ("CookieAuthFile", cookieAuthFile),
            ("HashedControlPassword", hashedControlPasswords.map(\.description).joined(separator: "; ")),
            ("DataDirectory", dataDirectory),
            ("DirAuthority", directoryAuthorities.map(\.description).joined(separator: "; ")),
            ("FallbackDir", fallbackDirectories.map(\.description).joined(separator: "; ")),
            ("TestingTorNetwork", testingTorNetwork ? "1" : "0"),
            ("EnforceDistinctSubnets", enforceDistinctSubnets ? "1" : "0"),
            ("Log", logs.map(\.description).joined(separator: "; ")),
            ("SafeLogging", safeLogging.description),
            ("SocksTimeout", TorrcInterval.format(socksTimeout)),
            ("TorrcPollInterval", TorrcInterval.format(torrcPollInterval)),
            ("CongestionControl", congestionControl.description),
            ("ConfluxEnabled", conflux.description),
            ("RunAsDaemon", runAsDaemon ? "1" : "0"), ("PidFile", pidFile ?? ""), ("ControlPortWriteToFile", controlPortWriteToFile ?? ""),
            ("ControlPortFileGroupReadable", controlPortFileGroupReadable ? "1" : "0"),
        ] + nodes.torrcValues + [("MapAddress", addressMappings.map(\.description).joined(separator: "; "))]
    }

    /// The reloadable options whose values differ from `old`, with both values in torrc form,
    /// in the order of ``ReloadableSettings/torrcValues``.
    public func reloadableDiff(from old: TorConfiguration) -> [(name: String, old: String, new: String)] {
        zip(old.reloadable.torrcValues, reloadable.torrcValues).compactMap { before, after in
            before.value == after.value ? nil : (after.name, before.value, after.value)
        }
    }

    /// The names of the options outside ``ReloadableSettings`` that differ from `old`: what a
    /// reload cannot apply without a restart.
    public func changedOptions(from old: TorConfiguration) -> [String] {
        zip(old.restartOnlyValues, restartOnlyValues).compactMap { before, after in
            before.value == after.value ? nil : after.name
        }
    }
}
