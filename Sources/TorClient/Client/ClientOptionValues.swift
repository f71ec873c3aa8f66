import TorCore

/// GETCONF values of one option from the running configuration (control-spec §3.3): a list
/// option gives one value per torrc line, any other one value.
enum ClientOptionValues {
    /// `__OwningControllerProcess` (control-spec §3.23 and tor(1)): the PID whose exit ends
    /// the client. Kept by the client, not in the torrc text SAVECONF writes, as C tor keeps
    /// `__` options out of the torrc.
    static let owningControllerProcess = "__OwningControllerProcess"

    static func values(of name: String, in configuration: TorConfiguration) -> [String] {
        switch name {
        case "SocksPort": return configuration.socksPorts.isEmpty ? ["0"] : configuration.socksPorts.map(\.description)
        case "ControlPort": return configuration.controlPorts.map(\.description)
        case "Log": return configuration.logs.map(\.description)
        case "DirAuthority": return configuration.usesDefaultAuthorities ? [] : configuration.directoryAuthorities.map(\.description)
        case "HashedControlPassword": return configuration.hashedControlPasswords.map(\.description)
        case "MapAddress": return configuration.addressMappings.map(\.description)
        case "PidFile": return configuration.pidFile.map { [$0] } ?? []
        case "ControlPortWriteToFile": return configuration.controlPortWriteToFile.map { [$0] } ?? []
        default:
            let all = configuration.reloadable.torrcValues + configuration.restartOnlyValues
            // Option names are ASCII, so lowercasing compares them as C tor's strcasecmp does.
            let wanted = name.lowercased()
            return all.first { $0.name.lowercased() == wanted }.map { [$0.value] } ?? []
        }
    }

    /// The options this client implements with the type `config/names` gives each (C tor's
    /// type names: LineList repeats, the others take one value), in torrc.example's order.
    static let implemented: [(name: String, type: String)] = [
        ("SocksPort", "LineList"), ("ControlPort", "LineList"), ("CookieAuthentication", "Boolean"),
        ("CookieAuthFile", "Filename"), ("HashedControlPassword", "LineList"), ("DataDirectory", "Filename"),
        ("SocksTimeout", "TimeInterval"), ("TorrcPollInterval", "TimeInterval"), ("RunAsDaemon", "Boolean"), ("PidFile", "Filename"),
        ("ControlPortWriteToFile", "Filename"), ("ControlPortFileGroupReadable", "Boolean"), ("DirAuthority", "LineList"),
        ("FallbackDir", "LineList"), ("TestingTorNetwork", "Boolean"), ("EnforceDistinctSubnets", "Boolean"),
        ("CongestionControl", "String"), ("ConfluxEnabled", "Boolean+Auto"), ("EntryNodes", "RouterList"),
        ("MiddleNodes", "RouterList"), ("ExitNodes", "RouterList"), ("ExcludeNodes", "RouterList"),
        ("ExcludeExitNodes", "RouterList"), ("StrictNodes", "Boolean"), ("MapAddress", "LineList"),
        ("Log", "LineList"), ("SafeLogging", "String"), ("LogLevel", "String"), ("MaxCircuitDirtiness", "TimeInterval"),
        ("NewCircuitPeriod", "TimeInterval"), ("CircuitBuildTimeout", "TimeInterval"), ("CircuitPoolMinSize", "Integer"),
        ("CircuitPoolMaxSize", "Integer"), ("EnableCircuitPrebuilding", "Boolean"), ("ConnectionPoolMaxIdle", "TimeInterval"),
        ("ConnectionPoolMaxLife", "TimeInterval"), ("EnableConnectionPooling", "Boolean"), ("EnableBufferPooling", "Boolean"),
        ("IsolateDestinations", "Boolean"), ("IsolateSOCKSAuth", "Boolean"), ("IsolateClientPort", "Boolean"),
        ("IsolateClientProtocol", "Boolean"), (owningControllerProcess, "String"),
    ]

    /// GETINFO `config/names`: `Name Type` per implemented option.
    static var configurationNames: String {
        implemented.map { "\($0.name) \($0.type)" }.joined(separator: "\n")
    }

    /// `Name=Value` (a bare `Name` when unset) for every implemented option whose values
    /// differ between `old` and `new`: the body of CONF_CHANGED (control-spec §4.1.18).
    static func changes(from old: TorConfiguration, to new: TorConfiguration) -> [String] {
        var lines: [String] = []
        for (name, _) in implemented where name != owningControllerProcess {
            let after = values(of: name, in: new)
            guard values(of: name, in: old) != after else { continue }
            lines += after.isEmpty ? [name] : after.map { name + "=" + $0 }
        }
        return lines
    }

    /// GETINFO `config-text`: the torrc lines in force, without comments and blank lines.
    static func configurationText(_ torrc: String) -> String {
        torrc.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmed(of: " \t\r") }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .joined(separator: "\n")
    }
}

extension Substring {
    fileprivate func trimmed(of set: String) -> String {
        var text = self[...]
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
