/// The state of one parse: the configuration filled in so far, the warnings, and which line
/// set what, so that cross-field checks can point at the right line.
struct ConfigurationBuilder {
    /// The configuration, starting from the defaults.
    var configuration: TorConfiguration
    /// Warnings so far, in the order found.
    var warnings: [ConfigurationWarning] = []
    /// The home directory `~` expands to.
    let homeDirectory: String
    /// The last entry of each option that was applied without error, by canonical name.
    var lastEntry: [String: TorrcEntry] = [:]
    /// List options that have replaced their default already.
    private var startedLists: Set<String> = []
    /// The entry of each item in `configuration.socksPorts`, in the same order.
    var socksPortEntries: [TorrcEntry] = []
    /// The entry of each item in `configuration.controlPorts`, in the same order.
    var controlPortEntries: [TorrcEntry] = []
    /// The entry of each item in `configuration.directoryAuthorities`, in the same order.
    var authorityEntries: [TorrcEntry] = []
    /// The `SocksPort 0` line, if any.
    var disabledSocksPort: TorrcEntry?
    /// The `ControlPort 0` line, if any.
    var disabledControlPort: TorrcEntry?

    init(homeDirectory: String) {
        self.homeDirectory = homeDirectory
        configuration = .defaults(homeDirectory: homeDirectory)
    }

    /// True the first time a list option is seen: its compiled-in default must be dropped.
    mutating func startsList(_ name: String) -> Bool {
        startedLists.insert(name).inserted
    }

    /// True when the torrc set `name` (successfully).
    func isSet(_ name: String) -> Bool { lastEntry[name] != nil }
}
