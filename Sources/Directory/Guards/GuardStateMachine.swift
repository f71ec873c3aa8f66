import TorCore

/// The guard algorithm of guard-spec 4 as a value: the sampled guards, the confirmed order,
/// the primary guards, and the reachability of each, driven by explicit time (Unix seconds)
/// and a caller's random generator. ``GuardManager`` wraps it with a clock and persistence.
///
/// Invariants: ``sampledGuards`` is in sample order with no identity twice; confirmed guards
/// have distinct ``SampledGuard/confirmedIndex`` values; ``primaryGuards`` is a subset of the
/// listed sampled guards of at most {N_PRIMARY_GUARDS} identities.
public struct GuardStateMachine: Sendable {
    /// {SAMPLED_GUARDS}, in sample order.
    public internal(set) var sampledGuards: [SampledGuard]
    /// {PRIMARY_GUARDS}, best first.
    public internal(set) var primaryGuards: [RelayFingerprint] = []
    /// The tunables, from the latest consensus.
    public private(set) var parameters: GuardParameters
    /// {tvar:last_time_on_internet}: the last success through any guard; nil = never.
    public internal(set) var lastTimeOnInternet: Int64?
    /// What "sampled_by" says for guards this client samples.
    public let softwareVersion: String

    /// The {GUARDS} of the current view, in consensus order, and their positions.
    private(set) var candidates: [GuardCandidate] = []
    private var candidateIndex: [RelayFingerprint: Int] = [:]
    private(set) var view: NetworkView?
    /// EntryNodes and ExcludeNodes: only guards this filter allows in the entry position are
    /// {FILTERED_GUARDS}. Set it with ``setNodeFilter(_:now:using:)``.
    public private(set) var nodeFilter = NodeFilter()

    /// A state starting from `guards` (as read from the state file; duplicates after the first
    /// are dropped) with no consensus yet.
    public init(restoring guards: [SampledGuard] = [], parameters: GuardParameters = GuardParameters(),
                softwareVersion: String = GuardStateFile.softwareVersion) {
        var seen: Set<RelayFingerprint> = []
        sampledGuards = guards.filter { seen.insert($0.identity).inserted }.map(\.persistentPart)
        self.parameters = parameters
        self.softwareVersion = softwareVersion
        compactConfirmedIndices()
        recomputePrimaryGuards()
    }

    /// {CONFIRMED_GUARDS}, best first.
    public var confirmedGuards: [RelayFingerprint] {
        // Ties (confirmed guards from a file without "confirmed_idx") keep sample order.
        sampledGuards.enumerated().filter(\.element.isConfirmed)
            .sorted { ($0.element.confirmedIndex ?? .max, $0.offset) < ($1.element.confirmedIndex ?? .max, $1.offset) }
            .map(\.element.identity)
    }

    /// What the state file keeps: the sampled guards without their reachability.
    public var persistentGuards: [SampledGuard] { sampledGuards.map(\.persistentPart) }

    /// The sampled guard with `identity`, or nil.
    public func sampledGuard(_ identity: RelayFingerprint) -> SampledGuard? {
        sampledGuards.first { $0.identity == identity }
    }

    /// Takes a new consensus (guard-spec 4.10): updates {IS_LISTED}, drops expired guards when
    /// the consensus is live at `now`, grows the sample to {MIN_FILTERED_SAMPLE} usable guards
    /// if allowed, and recomputes the primary guards.
    public mutating func update(view: NetworkView, now: Int64, using generator: inout some RandomNumberGenerator) {
        self.view = view
        parameters = GuardParameters(view: view)
        candidates = GuardCandidate.all(in: view)
        candidateIndex = [:]
        for (index, candidate) in candidates.enumerated() where candidateIndex[candidate.identity] == nil {
            candidateIndex[candidate.identity] = index
        }
        for index in sampledGuards.indices {
            if candidateIndex[sampledGuards[index].identity] != nil {
                sampledGuards[index].isListed = true
                sampledGuards[index].unlistedSince = nil
            } else if sampledGuards[index].isListed || sampledGuards[index].unlistedSince == nil {
                sampledGuards[index].isListed = false
                sampledGuards[index].unlistedSince = Self.randomPast(now, within: parameters.removeUnlistedGuardsAfter / 5, using: &generator)
            }
        }
        if view.isLive(atUnixTime: now) { removeExpiredGuards(now: now) }
        expandSample(now: now, using: &generator)
        recomputePrimaryGuards()
    }

    /// Drops guards unlisted too long, and guards past their lifetime unless confirmed recently
    /// enough (guard-spec 4.1); a dropped guard leaves {CONFIRMED_GUARDS} too.
    mutating func removeExpiredGuards(now: Int64) {
        let parameters = parameters
        sampledGuards.removeAll { sampled in
            let unlistedTooLong = !sampled.isListed
                && sampled.unlistedSince.map { now - $0 > parameters.removeUnlistedGuardsAfter } ?? false
            let pastLifetime = now - sampled.sampledOn > parameters.guardLifetime
                && (sampled.confirmedOn.map { now - $0 > parameters.confirmedMinimumLifetime } ?? true)
            return unlistedTooLong || pastLifetime
        }
        compactConfirmedIndices()
    }

    /// {FILTERED_GUARDS}: listed sampled guards that EntryNodes and ExcludeNodes allow, in
    /// sample order (guard-spec 4.2; this client has no ReachableAddresses option).
    var filteredIndices: [Int] { sampledGuards.indices.filter { isFiltered(sampledGuards[$0]) } }

    /// {USABLE_FILTERED_GUARDS}: filtered guards not known to be unreachable.
    var usableFilteredCount: Int {
        sampledGuards.filter { isFiltered($0) && $0.reachability != .no }.count
    }

    /// Listed, and allowed by the node filter.
    func isFiltered(_ sampled: SampledGuard) -> Bool {
        guard sampled.isListed else { return false }
        guard !nodeFilter.isUnrestricted else { return true }
        return candidate(sampled.identity).map(passesNodeFilter) ?? false
    }

    /// True when EntryNodes and ExcludeNodes allow `candidate` as a guard.
    func passesNodeFilter(_ candidate: GuardCandidate) -> Bool {
        nodeFilter.isUnrestricted
            || nodeFilter.allows(identity: candidate.identity, nickname: candidate.nickname, address: candidate.address, in: .entry)
    }

    /// Takes new EntryNodes/ExcludeNodes: the sample grows if too few guards pass them
    /// (guard-spec 4.2), and the primary guards are chosen again among those that do.
    public mutating func setNodeFilter(_ filter: NodeFilter, now: Int64, using generator: inout some RandomNumberGenerator) {
        nodeFilter = filter
        expandSample(now: now, using: &generator)
        recomputePrimaryGuards()
    }

    /// Adds guards, weighted by guard-position bandwidth, until {USABLE_FILTERED_GUARDS} holds
    /// {MIN_FILTERED_SAMPLE} or the sample is at its maximum (guard-spec 4.2).
    mutating func expandSample(now: Int64, using generator: inout some RandomNumberGenerator) {
        guard let view else { return }
        let maximum = parameters.maximumSample(guardCount: candidates.count)
        var sampled = Set(sampledGuards.map(\.identity))
        while usableFilteredCount < parameters.minimumFilteredSampleSize, sampledGuards.count < maximum {
            let pool = candidates.filter { !sampled.contains($0.identity) && passesNodeFilter($0) }
            let weights = pool.map {
                view.bandwidthWeights.weight(bandwidth: $0.bandwidth, flags: $0.flags, position: .entry)
            }
            guard let chosen = WeightedChoice.index(of: weights, using: &generator) else { return }
            let candidate = pool[chosen]
            sampled.insert(candidate.identity)
            sampledGuards.append(SampledGuard(
                identity: candidate.identity, nickname: candidate.nickname,
                sampledOn: Self.randomPast(now, within: parameters.guardLifetime / 10, using: &generator),
                sampledBy: softwareVersion))
        }
    }

    /// Rebuilds {PRIMARY_GUARDS} (guard-spec 4.4): the first confirmed filtered guards; then
    /// the earlier non-confirmed primaries, which stay until confirmed guards replace them; then
    /// filtered non-confirmed guards in sample order.
    mutating func recomputePrimaryGuards() {
        let count = parameters.primaryGuardCount
        let filtered = filteredIndices.map { sampledGuards[$0] }
        let listed = Set(filtered.map(\.identity))
        var primary = Array(confirmedGuards.filter(listed.contains).prefix(count))
        for identity in primaryGuards + filtered.filter({ !$0.isConfirmed }).map(\.identity) where primary.count < count {
            if listed.contains(identity), !primary.contains(identity) { primary.append(identity) }
        }
        primaryGuards = primary
    }

    /// DROPGUARDS (control-spec §3.21): forgets every sampled guard, confirmed or not, and
    /// samples anew from the current view, as a client starting without a state file would.
    public mutating func dropAllGuards(now: Int64, using generator: inout some RandomNumberGenerator) {
        sampledGuards = []
        primaryGuards = []
        expandSample(now: now, using: &generator)
        recomputePrimaryGuards()
    }

    /// Renumbers confirmed guards 0, 1, 2... in their order, after removals.
    mutating func compactConfirmedIndices() {
        let order = confirmedGuards
        for index in sampledGuards.indices {
            sampledGuards[index].confirmedIndex = sampledGuards[index].isConfirmed
                ? order.firstIndex(of: sampledGuards[index].identity) : nil
        }
    }

    func candidate(_ identity: RelayFingerprint) -> GuardCandidate? {
        candidateIndex[identity].map { candidates[$0] }
    }

    /// RAND(now, interval) of guard-spec A.2: a time up to `interval` seconds before `now`.
    static func randomPast(_ now: Int64, within interval: Int64, using generator: inout some RandomNumberGenerator) -> Int64 {
        guard interval > 0 else { return now }
        return now - Int64(generator.next(upperBound: UInt64(interval) + 1))
    }
}
