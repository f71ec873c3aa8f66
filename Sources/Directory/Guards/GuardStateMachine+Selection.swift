import TorCore

extension GuardStateMachine {
    /// Chooses the guard for a new circuit or directory fetch (guard-spec 4.6) and records the
    /// attempt ({last_tried_connect}, and {is_pending} for a non-primary guard).
    ///
    /// In order: one of the first usable primary guards at random; else the best confirmed
    /// usable guard not already pending; else the first usable guard in sample order not
    /// pending; else every guard is marked "maybe" and the choice is made once more. Guards
    /// that conflict with `others` under `restrictions` (an exit already chosen) are skipped.
    ///
    /// - Throws: `dir.guard.no-consensus` before the first ``update(view:now:using:)``;
    ///   `dir.guard.missing-descriptor` when the chosen primary guard has no microdescriptor and
    ///   a circuit was asked for (guard-spec 4.12: fetch it first); `dir.guard.none-usable`.
    public mutating func chooseGuard(
        for usage: GuardUsage, avoiding others: [Relay] = [], restrictions: PathRestrictions,
        now: Int64, using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> GuardSelection {
        guard view != nil else {
            throw DirectoryError(.guardNoConsensus, kind: .resource,
                "No consensus has been loaded yet, so no guard can be chosen; wait for the directory bootstrap to finish")
        }
        markDueRetries(now: now)
        expandSample(now: now, using: &generator)
        recomputePrimaryGuards()
        for attempt in 0..<2 {
            if let selection = try choose(for: usage, avoiding: others, restrictions: restrictions, now: now, using: &generator) {
                return selection
            }
            // Every sampled guard is down or excluded: guard-spec 4.6 says to mark them all
            // "maybe" and keep trying rather than stop building circuits.
            guard attempt == 0 else { break }
            for index in sampledGuards.indices { sampledGuards[index].reachability = .maybe }
        }
        throw DirectoryError(.guardNoneUsable, kind: .resource,
            "None of the \(sampledGuards.count) sampled guards can be used for this \(usage == .circuit ? "circuit" : "directory fetch") "
                + "(\(usableFilteredCount) listed\(nodeFilter.isUnrestricted ? "" : ", allowed by EntryNodes and ExcludeNodes,") "
                + "and not known to be down); check the network connection, or wait for a newer consensus"
                + (nodeFilter.isUnrestricted ? "" : ", or list more guards in EntryNodes"))
    }

    private mutating func choose(
        for usage: GuardUsage, avoiding others: [Relay], restrictions: PathRestrictions,
        now: Int64, using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> GuardSelection? {
        func passes(_ candidate: GuardCandidate) -> Bool {
            guard usage == .circuit else { return true }
            guard let relay = candidate.relay else { return !others.contains { $0.rsaIdentity == candidate.identity } }
            return restrictions.allows(relay, alongside: others)
        }
        let primaryUsable = primaryGuards.compactMap { identity -> (Int, GuardCandidate)? in
            guard let index = sampledGuards.firstIndex(where: { $0.identity == identity }),
                  sampledGuards[index].reachability != .no, let candidate = candidate(identity), passes(candidate)
            else { return nil }
            return (index, candidate)
        }
        if !primaryUsable.isEmpty {
            let limit = usage == .circuit ? parameters.usablePrimaryGuardCount : parameters.usablePrimaryDirectoryGuardCount
            let choices = primaryUsable.prefix(max(limit, 1))
            let (index, candidate) = choices[choices.startIndex + Int(generator.next(upperBound: UInt64(choices.count)))]
            if usage == .circuit, candidate.relay == nil {
                throw DirectoryError(.guardMissingDescriptor, kind: .resource,
                    "The primary guard \(candidate.identity) has no microdescriptor yet; fetch it before building circuits")
            }
            sampledGuards[index].lastTriedConnect = now
            return candidate.selection(.usableOnCompletion)
        }
        // Non-primary guards: confirmed ones by confirmed order, then the rest in sample order.
        let confirmedOrder = Dictionary(uniqueKeysWithValues: confirmedGuards.enumerated().map { ($1, $0) })
        let usable = sampledGuards.indices.filter { index in
            let sampled = sampledGuards[index]
            guard isFiltered(sampled), sampled.reachability != .no, let candidate = candidate(sampled.identity) else { return false }
            return passes(candidate) && (usage == .directory || candidate.relay != nil)
        }.sorted { (confirmedOrder[sampledGuards[$0].identity] ?? .max, $0) < (confirmedOrder[sampledGuards[$1].identity] ?? .max, $1) }
        guard let index = usable.first(where: { !sampledGuards[$0].isPending }) ?? usable.first,
              let candidate = candidate(sampledGuards[index].identity)
        else { return nil }
        sampledGuards[index].isPending = true
        sampledGuards[index].lastTriedConnect = now
        return candidate.selection(.usableIfNoBetterGuard)
    }

    /// A circuit through `identity` was built (guard-spec 4.8): the guard is reachable, and the
    /// verdict says whether the circuit may carry streams yet. A guard whose circuit is used
    /// joins {CONFIRMED_GUARDS} (guard-spec 4.3: only once it carries user traffic), with a
    /// confirmed date randomized into the past.
    public mutating func recordSuccess(
        _ identity: RelayFingerprint, usability: GuardUsability, now: Int64,
        using generator: inout some RandomNumberGenerator
    ) -> GuardVerdict {
        let wasOffline = lastTimeOnInternet.map { now - $0 > parameters.internetLikelyDownInterval } ?? true
        lastTimeOnInternet = now
        if let index = sampledGuards.firstIndex(where: { $0.identity == identity }) {
            sampledGuards[index].reachability = .yes
            sampledGuards[index].failingSince = nil
            sampledGuards[index].isPending = false
        }
        if usability == .usableOnCompletion {
            confirm(identity, now: now, using: &generator)
            return .useNow
        }
        if wasOffline {
            // The network may just have come back: give the primary guards another chance
            // before settling for a worse one.
            for index in sampledGuards.indices where primaryGuards.contains(sampledGuards[index].identity) {
                sampledGuards[index].reachability = .maybe
            }
            return .waitForBetterGuard
        }
        return promoteWaitingCircuit(through: identity, now: now, using: &generator) ? .useNow : .waitForBetterGuard
    }

    /// Upgrades a <waiting_for_better_guard> circuit through `identity` to <complete> when
    /// ``mayUseWaitingCircuit(through:now:)`` allows it, confirming the guard. Returns whether
    /// the circuit may now carry streams.
    public mutating func promoteWaitingCircuit(
        through identity: RelayFingerprint, now: Int64, using generator: inout some RandomNumberGenerator
    ) -> Bool {
        guard mayUseWaitingCircuit(through: identity, now: now) else { return false }
        confirm(identity, now: now, using: &generator)
        return true
    }

    /// Appends `identity` to {CONFIRMED_GUARDS} unless it is there, and rebuilds the primaries
    /// (guard-spec 4.4: a newly confirmed guard displaces unconfirmed primaries).
    private mutating func confirm(_ identity: RelayFingerprint, now: Int64, using generator: inout some RandomNumberGenerator) {
        guard let index = sampledGuards.firstIndex(where: { $0.identity == identity }), !sampledGuards[index].isConfirmed else { return }
        sampledGuards[index].confirmedOn = Self.randomPast(now, within: parameters.guardLifetime / 10, using: &generator)
        sampledGuards[index].confirmedIndex = (sampledGuards.compactMap(\.confirmedIndex).max() ?? -1) + 1
        recomputePrimaryGuards()
    }

    /// A circuit or connection through `identity` failed in a way that blames the guard
    /// (guard-spec 4.7): it is unreachable until its retry time (4.5).
    public mutating func recordFailure(_ identity: RelayFingerprint, now: Int64) {
        guard let index = sampledGuards.firstIndex(where: { $0.identity == identity }) else { return }
        sampledGuards[index].reachability = .no
        sampledGuards[index].isPending = false
        sampledGuards[index].failingSince = sampledGuards[index].failingSince ?? now
        sampledGuards[index].lastTriedConnect = sampledGuards[index].lastTriedConnect ?? now
    }

    /// Whether a <waiting_for_better_guard> circuit through `identity` may now be used
    /// (guard-spec 4.9): every primary guard is down, and no guard of higher priority blocks it.
    ///
    /// This state machine sees guards, not circuits, so "a better circuit is complete or
    /// waiting" is read as "a higher-priority guard is reachable", and "a better circuit is
    /// still being built" as "a higher-priority guard is pending and was tried at most
    /// {NONPRIMARY_GUARD_CONNECT_TIMEOUT} ago".
    public func mayUseWaitingCircuit(through identity: RelayFingerprint, now: Int64) -> Bool {
        guard let guardState = sampledGuard(identity) else { return false }
        let primaryDown = primaryGuards.allSatisfy { sampledGuard($0)?.reachability == .no }
        guard primaryDown else { return false }
        return !sampledGuards.contains { other in
            guard other.identity != identity, Self.hasPriority(other, over: guardState) else { return false }
            let stillConnecting = other.isPending
                && (other.lastTriedConnect.map { now - $0 <= parameters.nonprimaryGuardConnectTimeout } ?? false)
            return other.reachability == .yes || stillConnecting
        }
    }

    /// Turns "no" into "maybe" for guards whose retry time has come (guard-spec 4.5).
    public mutating func markDueRetries(now: Int64) {
        let primary = Set(primaryGuards)
        for index in sampledGuards.indices where sampledGuards[index].reachability == .no {
            let guardState = sampledGuards[index]
            let failingSince = guardState.failingSince ?? now
            if GuardRetrySchedule.isDue(
                now: now, failingSince: failingSince, lastTried: guardState.lastTriedConnect ?? failingSince,
                isPrimary: primary.contains(guardState.identity)) {
                sampledGuards[index].reachability = .maybe
            }
        }
    }

    /// guard-spec 4.3's priority: confirmed guards first in confirmed order, then pending
    /// guards, earliest tried first.
    static func hasPriority(_ first: SampledGuard, over second: SampledGuard) -> Bool {
        switch (first.confirmedIndex, second.confirmedIndex) {
        case let (a?, b?): return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil):
            guard first.isPending, second.isPending else { return first.isPending && !second.isPending }
            return (first.lastTriedConnect ?? .max) < (second.lastTriedConnect ?? .max)
        }
    }
}
