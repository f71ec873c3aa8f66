import TorCore

/// Building ahead of demand (path-spec.txt §2.1.1 preemptive circuits): how many clean
/// circuits to build in a round, for which predicted ports, and what to close to make room.
extension CircuitPoolStateMachine {
    /// While prebuilding is on and a round is due (NewCircuitPeriod since the last, or forced by
    /// a reload or NEWNYM), tops the clean circuits up to `minimumSize`, each build for the
    /// predicted port the fewest clean circuits cover, then builds one for each predicted port
    /// no clean circuit can serve. No predicted port, no prebuilding (path-spec.txt §2.1.1: an
    /// hour without requests predicts no use).
    ///
    /// A full pool makes room by closing the least recently used idle dirty circuit: a circuit
    /// kept for one isolation key must not keep every other stream waiting for a build.
    mutating func prebuildRound(
        now: ResilienceInstant, claimed: [CircuitPoolID: StreamIsolationKey], into actions: inout [CircuitPoolAction]
    ) {
        guard settings.isPrebuildingEnabled else { return }
        if !isRoundForced, let lastRoundAt, now.duration(since: lastRoundAt) < settings.newCircuitPeriod { return }
        lastRoundAt = now
        isRoundForced = false
        predictedPorts = predictedPorts.filter { now.duration(since: $0.value) < Self.predictedPortLifetime }
        guard !predictedPorts.isEmpty, settings.minimumSize > 0 else { return }
        let clean = circuits.filter { $0.isClean && claimed[$0.id] == nil }.count
        for _ in 0..<max(settings.minimumSize - clean, 0) {
            guard makeRoom(into: &actions) else { return }
            launch(port: leastCoveredPredictedPort(claimed: claimed), now: now, into: &actions)
        }
        for port in uncoveredPredictedPorts(claimed: claimed) {
            guard makeRoom(into: &actions) else { return }
            launch(port: port, now: now, into: &actions)
        }
    }

    /// Whether one more circuit fits, closing the least recently used idle dirty circuit when
    /// the pool is at `maximumSize`. Clean circuits, builds and circuits with streams stay.
    private mutating func makeRoom(into actions: inout [CircuitPoolAction]) -> Bool {
        guard records.count >= settings.maximumSize else { return true }
        guard let victim = leastRecentlyUsedIdleDirtyCircuit() else { return false }
        actions.append(remove(victim, reason: .resourceLimit))
        return records.count < settings.maximumSize
    }

    /// The predicted port with the fewest clean circuits that allow it (built) or were launched
    /// for it (building); ties go to the most recently requested port, then the lowest.
    func leastCoveredPredictedPort(claimed: [CircuitPoolID: StreamIsolationKey]) -> UInt16 {
        let clean = circuits.filter { $0.isClean && claimed[$0.id] == nil }
        func coverage(_ port: UInt16) -> Int {
            clean.filter { $0.isBuilt ? $0.allowsExit(toPort: port) : $0.targetPort == port }.count
        }
        return predictedPorts.min { lhs, rhs in
            (coverage(lhs.key), rhs.value, lhs.key) < (coverage(rhs.key), lhs.value, rhs.key)
        }!.key
    }

    /// The predicted ports no clean built circuit's exit allows, most recently requested first,
    /// when no clean build is in flight. A build in flight counts as covering every port until
    /// it is built: its exit is not known yet, and most exits allow the common ports, so
    /// counting it otherwise would launch a build per port in every round.
    func uncoveredPredictedPorts(claimed: [CircuitPoolID: StreamIsolationKey]) -> [UInt16] {
        let clean = circuits.filter { $0.isClean && claimed[$0.id] == nil }
        guard clean.allSatisfy(\.isBuilt) else { return [] }
        return predictedPorts
            .filter { port, _ in !clean.contains { $0.allowsExit(toPort: port) } }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map(\.key)
    }
}
