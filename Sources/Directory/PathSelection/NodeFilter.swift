import TorCore

/// The NODE SELECTION OPTIONS (``TorCore/NodeSelection``) as a test of one relay in one path
/// position: `ExcludeNodes` rules out every position, `ExcludeExitNodes` the exit, and
/// `EntryNodes`, `MiddleNodes` and `ExitNodes`, when set, admit only the relays they list to
/// their position (tor(1), NODE SELECTION OPTIONS; ExcludeNodes overrides the others).
///
/// One-hop directory fetches are left alone, as C tor leaves them: they go to guards (which
/// the guard manager filters) or to authorities.
public struct NodeFilter: Sendable, Equatable {
    /// The options this filter applies.
    public let selection: NodeSelection

    /// True when no option is set. Kept rather than derived each time: it is asked per relay
    /// per hop, and the path selector skips the filter when it holds.
    public let isUnrestricted: Bool

    /// The filter of `selection`; the default lets every relay through.
    public init(_ selection: NodeSelection = NodeSelection()) {
        self.selection = selection
        isUnrestricted = selection.isUnrestricted
    }

    /// True when the relay with these facts may hold `position`.
    public func allows(identity: RelayFingerprint, nickname: String, address: IPv4Address, in position: PathPosition) -> Bool {
        let named: ([RelaySpecifier]) -> Bool = { list in
            list.contains { $0.matches(identity: identity, nickname: nickname, address: address) }
        }
        if named(selection.excludeNodes) { return position == .directory }
        switch position {
        case .entry: return selection.entryNodes.isEmpty || named(selection.entryNodes)
        case .middle: return selection.middleNodes.isEmpty || named(selection.middleNodes)
        case .exit:
            if named(selection.excludeExitNodes) { return false }
            return selection.exitNodes.isEmpty || named(selection.exitNodes)
        case .directory: return true
        }
    }

    /// True when `relay` may hold `position`.
    public func allows(_ relay: Relay, in position: PathPosition) -> Bool {
        isUnrestricted || allows(identity: relay.rsaIdentity, nickname: relay.nickname, address: relay.address, in: position)
    }

    /// The options that can rule a relay out of `position`, for messages.
    static func optionNames(for position: PathPosition) -> String {
        switch position {
        case .entry: "EntryNodes or ExcludeNodes"
        case .middle: "MiddleNodes or ExcludeNodes"
        case .exit: "ExitNodes, ExcludeExitNodes or ExcludeNodes"
        case .directory: "no option"
        }
    }
}
