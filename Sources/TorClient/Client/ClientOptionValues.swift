import TorCore

/// GETCONF values of one option from the running configuration (control-spec §3.3): a list
/// option gives one value per torrc line, any other one value.
enum ClientOptionValues {
    static func values(of name: String, in configuration: TorConfiguration) -> [String] {
        switch name {
        case "SocksPort": return configuration.socksPorts.isEmpty ? ["0"] : configuration.socksPorts.map(\.description)
        case "ControlPort": return configuration.controlPorts.map(\.description)
        case "Log": return configuration.logs.map(\.description)
        case "DirAuthority": return configuration.usesDefaultAuthorities ? [] : configuration.directoryAuthorities.map(\.description)
        case "HashedControlPassword": return configuration.hashedControlPasswords.map(\.description)
        default:
            let all = configuration.reloadable.torrcValues + configuration.restartOnlyValues
            // Option names are ASCII, so lowercasing compares them as C tor's strcasecmp does.
            let wanted = name.lowercased()
            return all.first { $0.name.lowercased() == wanted }.map { [$0.value] } ?? []
        }
    }
}
