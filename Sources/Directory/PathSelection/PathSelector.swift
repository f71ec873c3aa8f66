import TorCore

/// Chooses the relays of a circuit from a ``NetworkView`` (path-spec 2.2, 2.2.1; dir-spec 3.8.3
/// weights; guard-spec 4.0 for who may be a guard).
///
/// Pure: the only inputs are the view, the rules, the `isUsable` predicate and the random
/// generator the caller passes, so a seeded generator replays the same paths.
///
/// Every hop is Running and Valid, and by default Fast; a circuit for a long-lived port needs
/// Stable hops. Each choice is weighted by consensus bandwidth times the position's
/// bandwidth weight (``BandwidthWeights/weight(bandwidth:flags:position:)``), and no hop
/// conflicts with another under ``PathRestrictions``.
public struct PathSelector: Sendable {
    /// tor(1) `LongLivedPorts` default for tor 0.4.9: streams to these ports get Stable circuits.
    public static let defaultLongLivedPorts: Set<UInt16> = [
        21, 22, 706, 1863, 5050, 5190, 5222, 5223, 6523, 6667, 6697, 8300,
    ]

    /// The network the relays come from.
    public let view: NetworkView
    /// Same relay, family and /16 rules.
    public var restrictions: PathRestrictions
    /// False for relays that must be skipped now, such as those whose circuit breaker is open
    /// (see ``skippingOpenBreakers(in:key:)``). It must not block: it runs per relay per hop.
    public var isUsable: @Sendable (Relay) -> Bool
    /// The NODE SELECTION OPTIONS (ExitNodes, ExcludeNodes, ...): which relays each position
    /// may take. Unrestricted by default.
    public var nodeFilter = NodeFilter()
    /// Ports whose circuits need Stable relays (`LongLivedPorts`).
    public var longLivedPorts: Set<UInt16>
    /// Whether circuit hops need the Fast flag (path-spec 2.2: "fast" circuits; tor builds
    /// its general-purpose circuits this way).
    public var requiresFast: Bool
    /// Each relay's weight in each position, in ``PathPosition/allCases`` order, computed once
    /// per view rather than once per choice.
    private let weightsByPosition: [[UInt64]]
    /// Each relay's flags, so the first filter of a choice reads no whole `Relay`.
    private let flagsByRelay: [RouterFlags]

    /// A selector over `view` with `restrictions`, skipping relays for which `isUsable` is false.
    ///
    /// Builds the per-relay weight table once (O(relays)); keep one selector per view, and
    /// change `isUsable` on a copy when the breakers change.
    public init(
        view: NetworkView, restrictions: PathRestrictions,
        isUsable: @escaping @Sendable (Relay) -> Bool = { _ in true },
        longLivedPorts: Set<UInt16> = defaultLongLivedPorts, requiresFast: Bool = true
    ) {
        self.view = view
        self.restrictions = restrictions
        self.isUsable = isUsable
        self.longLivedPorts = longLivedPorts
        self.requiresFast = requiresFast
        flagsByRelay = view.relays.map(\.flags)
        weightsByPosition = PathPosition.allCases.map { position in
            view.relays.map { view.bandwidthWeights.weight(bandwidth: $0.bandwidth, flags: $0.flags, position: position) }
        }
    }

    /// A three-hop path `[guard, middle, last]`.
    ///
    /// With `exitPort`, the last hop is an exit whose summary allows that port; without, the
    /// circuit is internal and its last hop is chosen like a middle (path-spec 1.1). The last
    /// hop is chosen first, then the guard (unless `guard` is given, e.g. by the guard manager),
    /// then the middle, each avoiding conflicts with the hops already chosen (path-spec 2.2).
    ///
    /// - Throws: ``DirectoryError`` `dir.path.no-exit-for-port` when no exit allows `exitPort`,
    ///   `dir.path.no-relay` when some position has no candidate left.
    public func selectPath(
        exitPort: UInt16?, guard entry: Relay?, using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> [Relay] {
        let needsStable = exitPort.map { longLivedPorts.contains($0) } ?? false
        let chosen = entry.map { [$0] } ?? []
        let last: Relay
        if let exitPort {
            last = try selectExit(forPort: exitPort, excluding: chosen, using: &generator)
        } else {
            last = try selectMiddle(excluding: chosen, needsStable: needsStable, using: &generator)
        }
        let first: Relay
        if let entry {
            first = entry
        } else {
            first = try selectGuard(excluding: [last], needsStable: needsStable, using: &generator)
        }
        let middle = try selectMiddle(excluding: [first, last], needsStable: needsStable, using: &generator)
        return [first, middle, last]
    }

    /// An exit for a stream to `port`: Exit flag, no BadExit, not MiddleOnly, and an IPv4
    /// summary that allows the port (path-spec 2.2.1), weighted for the exit position.
    /// Stable is required when `port` is long-lived.
    ///
    /// - Throws: `dir.path.no-exit-for-port` when no exit in the view allows `port` at all;
    ///   `dir.path.no-relay` when some do but the path rules or `isUsable` exclude them all.
    public func selectExit(
        forPort port: UInt16, excluding others: [Relay] = [], using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> Relay {
        let required = circuitFlags(needsStable: longLivedPorts.contains(port)).union(.exit)
        let forbidden: RouterFlags = [.badExit, .middleOnly]
        let allowsPort: (Relay) -> Bool = { $0.exitPolicy.allows(port: port) }
        if !view.relays.contains(where: { $0.flags.hasAll(required, none: forbidden) && allowsPort($0) }) {
            throw .noExit(forPort: port, exitCount: view.relays.filter(\.isExit).count)
        }
        return try choose(.exit, required: required, forbidden: forbidden, excluding: others, using: &generator, also: allowsPort)
    }

    /// A guard for the first hop when no guard manager chooses one: a relay in guard-spec's
    /// {GUARDS} set (Guard, Stable, Fast, V2Dir), not MiddleOnly, weighted for the guard position.
    public func selectGuard(
        excluding others: [Relay] = [], needsStable: Bool = false, using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> Relay {
        try choose(.entry, required: circuitFlags(needsStable: needsStable).union(.possibleGuard),
                   forbidden: .middleOnly, excluding: others, using: &generator)
    }

    /// A middle hop (or the last hop of an internal circuit), weighted for the middle position.
    public func selectMiddle(
        excluding others: [Relay], needsStable: Bool = false, using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> Relay {
        try choose(.middle, required: circuitFlags(needsStable: needsStable), forbidden: [], excluding: others, using: &generator)
    }

    /// A relay for a one-hop BEGIN_DIR fetch: any Running, Valid relay with the V2Dir flag,
    /// weighted for directory requests (Wbg, Wbm, Wbe, Wbd).
    public func selectDirectoryRelay(
        excluding others: [Relay] = [], using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> Relay {
        try choose(.directory, required: [.running, .valid, .v2Dir], forbidden: [], excluding: others, using: &generator)
    }

    /// Running, Valid, Fast unless not required, Stable when asked.
    private func circuitFlags(needsStable: Bool) -> RouterFlags {
        var required: RouterFlags = [.running, .valid]
        if requiresFast { required.insert(.fast) }
        if needsStable { required.insert(.stable) }
        return required
    }

    /// A weighted choice among the relays with every `required` flag, no `forbidden` flag,
    /// passing `also`, in conflict with none of `others`, and usable.
    ///
    /// Runs once per hop over every relay, so flags are tested as bit masks and weights come
    /// from the table built with the selector.
    private func choose(
        _ position: PathPosition, required: RouterFlags, forbidden: RouterFlags, excluding others: [Relay],
        using generator: inout some RandomNumberGenerator, also: ((Relay) -> Bool)? = nil
    ) throws(DirectoryError) -> Relay {
        var candidates: [Int] = []
        var weights: [UInt64] = []
        var qualifying = 0
        var excludedByRules = 0
        var unusable = 0
        var excludedByOptions = 0
        let filter = nodeFilter.isUnrestricted ? nil : nodeFilter
        let positionWeights = weightsByPosition[PathPosition.allCases.firstIndex(of: position)!]
        let relays = view.relays
        for index in relays.indices where flagsByRelay[index].hasAll(required, none: forbidden) {
            let relay = relays[index]
            if let also, !also(relay) { continue }
            qualifying += 1
            if let filter, !filter.allows(relay, in: position) { excludedByOptions += 1; continue }
            guard others.isEmpty || restrictions.allows(relay, alongside: others) else { excludedByRules += 1; continue }
            guard isUsable(relay) else { unusable += 1; continue }
            candidates.append(index)
            weights.append(positionWeights[index])
        }
        guard let chosen = WeightedChoice.index(of: weights, using: &generator) else {
            throw .noRelay(
                for: position, qualifying: qualifying, excludedByOptions: excludedByOptions,
                excludedByRules: excludedByRules, unusable: unusable)
        }
        return relays[candidates[chosen]]
    }
}

extension RouterFlags {
    /// guard-spec 4.0's {GUARDS} flags.
    static let possibleGuard: RouterFlags = [.guardFlag, .stable, .fast, .v2Dir, .running, .valid]

    /// Every flag of `required` and none of `forbidden`, tested on the bits: `SetAlgebra`'s
    /// generic `isSuperset` is many times slower in unoptimized builds, and this runs per relay
    /// per hop.
    func hasAll(_ required: RouterFlags, none forbidden: RouterFlags = []) -> Bool {
        rawValue & required.rawValue == required.rawValue && rawValue & forbidden.rawValue == 0
    }
}
