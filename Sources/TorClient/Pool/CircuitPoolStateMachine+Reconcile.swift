import TorCore

/// The step every event ends with: bring the pool back to its invariants.
extension CircuitPoolStateMachine {
    /// Closes what is used up, attaches waiting streams, keeps the size limit, then launches
    /// builds for waiting streams before builds for predicted ports (demand beats prediction
    /// for the last free places).
    mutating func reconcile(now: ResilienceInstant) -> [CircuitPoolAction] {
        guard !isShutDown else { return [] }
        var actions: [CircuitPoolAction] = []
        closeUsedUp(now: now, into: &actions)
        attachWaiters(now: now, into: &actions)
        var claimed = claimBuilds()
        while records.count > settings.maximumSize, let victim = evictionCandidate(claimed: claimed) {
            actions.append(remove(victim, reason: .resourceLimit))
        }
        launchForWaiters(now: now, claimed: &claimed, into: &actions)
        prebuildRound(now: now, claimed: claimed, into: &actions)
        return actions
    }

    /// Removes `id` and says how the shell should end it.
    mutating func remove(_ id: CircuitPoolID, reason: CircuitCloseReason) -> CircuitPoolAction {
        let wasBuilt = records.removeValue(forKey: id)?.isBuilt ?? false
        return wasBuilt ? .close(id, reason: reason) : .abandonBuild(id, reason: reason)
    }

    /// Idle circuits that are retired or dirty too long close; builds past CircuitBuildTimeout
    /// are abandoned and count as failures; builds started before NEWNYM are abandoned.
    private mutating func closeUsedUp(now: ResilienceInstant, into actions: inout [CircuitPoolAction]) {
        for record in circuits {
            if record.isBuilt {
                let usedUp = record.isRetired
                    || record.isExpired(at: now, maximumDirtiness: settings.maximumDirtiness)
                if usedUp && record.streamCount == 0 { actions.append(remove(record.id, reason: .finished)) }
            } else if record.isRetired {
                actions.append(remove(record.id, reason: .finished))
            } else if now.duration(since: record.launchedAt) >= settings.buildTimeout {
                actions.append(remove(record.id, reason: .timeout))
                noteFailure(now: now)
            }
        }
    }

    private mutating func attachWaiters(now: ResilienceInstant, into actions: inout [CircuitPoolAction]) {
        var stillWaiting: [Waiter] = []
        for waiter in waiters {
            if let id = bestCircuit(port: waiter.port, key: waiter.key, now: now) {
                records[id]?.attach(key: waiter.key, at: now)
                actions.append(.attach(waiter.id, id))
            } else {
                stillWaiting.append(waiter)
            }
        }
        waiters = stillWaiting
    }

    /// Which build each waiting stream may expect: a build launched for its port, not yet
    /// expected by a stream with another key (path-spec.txt §2.1.2: every unattached request
    /// "might be supported by a pending or built circuit").
    func claimBuilds() -> [CircuitPoolID: StreamIsolationKey] {
        var claimed: [CircuitPoolID: StreamIsolationKey] = [:]
        let builds = circuits.filter { !$0.isBuilt && !$0.isRetired }
        for waiter in waiters {
            let build = builds.first { build in
                waiter.mayExpect(build) && (claimed[build.id] ?? waiter.key) == waiter.key
            }
            if let build { claimed[build.id] = waiter.key }
        }
        return claimed
    }

    /// Whether a build a stream with `waiter`'s key expects may serve `waiter` too.
    func isServed(_ waiter: Waiter, claimed: [CircuitPoolID: StreamIsolationKey]) -> Bool {
        claimed.contains { id, key in key == waiter.key && records[id].map(waiter.mayExpect) == true }
    }

    /// The circuit to close to make room: the least recently used idle dirty one, else the
    /// oldest idle clean one, else the newest build no waiting stream expects. Circuits carrying
    /// streams never close.
    func evictionCandidate(claimed: [CircuitPoolID: StreamIsolationKey]) -> CircuitPoolID? {
        if let dirty = leastRecentlyUsedIdleDirtyCircuit() { return dirty }
        let idle = circuits.filter { $0.isBuilt && $0.streamCount == 0 }
        if let clean = idle.min(by: { ($0.builtAt!, $0.id) < ($1.builtAt!, $1.id) }) { return clean.id }
        return circuits.last { !$0.isBuilt && claimed[$0.id] == nil }?.id
    }

    /// The built dirty circuit without streams whose last stream came or went the longest ago:
    /// the one its isolation key is least likely to want back.
    func leastRecentlyUsedIdleDirtyCircuit() -> CircuitPoolID? {
        let idle = records.values.filter { $0.isBuilt && $0.isDirty && $0.streamCount == 0 }
        func lastUse(_ record: PoolCircuitRecord) -> ResilienceInstant {
            record.lastUsedAt ?? record.builtAt ?? record.launchedAt
        }
        return idle.min { (lastUse($0), $0.id) < (lastUse($1), $1.id) }?.id
    }

    /// One build for every (port, key) among the waiting streams that no build serves yet,
    /// unless builds are backing off after failures; a full pool first gives up an idle circuit.
    private mutating func launchForWaiters(
        now: ResilienceInstant, claimed: inout [CircuitPoolID: StreamIsolationKey],
        into actions: inout [CircuitPoolAction]
    ) {
        if let retryNotBefore, now < retryNotBefore { return }
        for waiter in waiters {
            if isServed(waiter, claimed: claimed) { continue }
            if records.count >= settings.maximumSize {
                guard let victim = evictionCandidate(claimed: claimed) else { return }
                actions.append(remove(victim, reason: .resourceLimit))
            }
            let port = waiter.port == Self.anyPort ? nil : waiter.port
            let id = launch(port: port, now: now, into: &actions)
            claimed[id] = waiter.key
        }
    }

    @discardableResult
    mutating func launch(port: UInt16?, now: ResilienceInstant, into actions: inout [CircuitPoolAction]) -> CircuitPoolID {
        let id = nextCircuitID()
        records[id] = PoolCircuitRecord(id: id, launchedAt: now, targetPort: port)
        actions.append(.launch(id, exitPort: port))
        return id
    }

    /// The next instant at which ``tick(now:)`` has something to do, if any: a build timing
    /// out, an idle dirty circuit expiring, a retry or a prebuild round falling due.
    public func nextWakeup() -> ResilienceInstant? {
        var candidates: [ResilienceInstant] = []
        for record in records.values {
            if !record.isBuilt {
                candidates.append(record.launchedAt.advanced(by: settings.buildTimeout))
            } else if let firstUsedAt = record.firstUsedAt, record.streamCount == 0 {
                candidates.append(firstUsedAt.advanced(by: settings.maximumDirtiness))
            }
        }
        if let retryNotBefore {
            let claimed = claimBuilds()
            let unserved = waiters.contains { !isServed($0, claimed: claimed) }
            if unserved { candidates.append(retryNotBefore) }
        }
        if settings.isPrebuildingEnabled, let lastRoundAt {
            candidates.append(lastRoundAt.advanced(by: settings.newCircuitPeriod))
        }
        return candidates.min()
    }
}
