import TorCore

extension DirectoryError.Code {
    /// No exit relay in the network view allows the requested port.
    public static let pathNoExitForPort: Self = "dir.path.no-exit-for-port"
    /// No relay is left for a path position once flags, path rules and breakers are applied.
    public static let pathNoRelay: Self = "dir.path.no-relay"
}

extension DirectoryError {
    /// No exit allows `port` (path-spec 2.2.1).
    static func noExit(forPort port: UInt16, exitCount: Int, file: String = #fileID, line: Int = #line) -> Self {
        DirectoryError(
            .pathNoExitForPort, kind: .resource,
            "No exit relay allows port \(port) (the consensus lists \(exitCount) usable exits); "
                + "connections to this port cannot leave the Tor network. Use another port, or wait for a newer consensus.",
            file: file, line: line)
    }

    /// Nothing is left for `position`; the counts say why.
    static func noRelay(
        for position: PathPosition, qualifying: Int, excludedByOptions: Int = 0, excludedByRules: Int, unusable: Int,
        file: String = #fileID, line: Int = #line
    ) -> Self {
        let name = switch position {
        case .entry: "guard"
        case .middle: "middle relay"
        case .exit: "exit"
        case .directory: "directory relay"
        }
        if qualifying > 0, excludedByOptions == qualifying {
            let options = NodeFilter.optionNames(for: position)
            return DirectoryError(
                .pathNoRelay, kind: .badInput,
                "No relay can be the \(name) of this path: all \(qualifying) relays with the flags it needs are left out by \(options). "
                    + "List more relays there (check the fingerprints against the consensus), or unset the option.",
                file: file, line: line)
        }
        let detail = qualifying == 0
            ? "no relay in the network view has the flags it needs"
            : "\(qualifying) relays have the flags it needs; "
                + (excludedByOptions > 0 ? "\(excludedByOptions) are left out by \(NodeFilter.optionNames(for: position)), " : "")
                + "\(excludedByRules) conflict with the path's other relays "
                + "(same relay, family or /16) and \(unusable) are skipped because they keep failing"
        return DirectoryError(
            .pathNoRelay, kind: .resource,
            "No relay can be the \(name) of this path: \(detail). Wait for a newer consensus or for failing relays to recover.",
            file: file, line: line)
    }
}
