import Circuit
import Directory
import Logging
import NIOCore
import TorCore

/// The production ``CircuitSource``: paths come from the current verified ``NetworkView`` in
/// a ``NetworkViewStore``, the guard from the ``GuardManager``, and circuits are built through
/// a ``CircuitBuilder`` (retries, and breakers keyed by hex fingerprint).
///
/// For each circuit: the exit is chosen first, then the guard avoiding it, then middles and
/// alternate exits (``CircuitPathPlan``); relays whose breaker is open are skipped. The guard's
/// channel is opened through the guard's breaker before the build, so a guard that cannot be
/// reached is reported to the guard manager as failed (guard-spec 4.7) and another guard is
/// tried, while a failure further along is not the guard's fault. A built circuit is reported
/// as the guard's success (guard-spec 4.8); one the guard manager says to hold until a better
/// guard answers (4.9) is kept while other guards are tried, and used only if it is promoted.
///
/// One ``PathSelector`` is kept per view (its weight table costs O(relays)); it is rebuilt when
/// the store's view changes.
public actor NetworkCircuitSource: CircuitSource {
    /// How many guards one ``buildCircuit(exitPort:)`` call tries before giving up.
    public static let guardAttempts = 3

    /// Where the current view is read from.
    public nonisolated let store: NetworkViewStore
    /// Chooses guards and hears how they did.
    public nonisolated let guards: GuardManager
    /// Builds the circuits.
    public nonisolated let builder: CircuitBuilder
    /// Told "circuit_create" before the first build and "done" after the first success
    /// (control-spec 5.5.3), when given.
    public nonisolated let progress: BootstrapProgress?
    private let restrictions: PathRestrictions
    /// `CongestionControl`: when exit circuits ask their exit for congestion control.
    private let congestionControl: CongestionControlMode
    /// `ConfluxEnabled`: whether exit circuits get conflux legs (proposal 329).
    private let conflux: ConfluxMode
    /// EntryNodes, MiddleNodes, ExitNodes, ExcludeNodes and ExcludeExitNodes for every hop
    /// chosen here (the guard manager applies the guard's part itself).
    private var nodeFilter: NodeFilter
    private let logger: Logger
    private var random: AnyRandomGenerator
    private var cachedSelector: (key: ViewKey, selector: PathSelector)?

    /// A source over `store`, choosing guards with `guards` and building with `builder`.
    ///
    /// - Parameters:
    ///   - restrictions: the path rules (EnforceDistinctSubnets), as the guard manager uses.
    ///   - congestionControl: when exits are asked for congestion control (with the
    ///     consensus's cc_alg, see ``CongestionControlMode``).
    ///   - conflux: whether exit circuits are joined with a second leg into a conflux set
    ///     (with the consensus's cfx_enabled, see ``ConfluxMode``); off by default here, on
    ///     (`auto`) in the client.
    ///   - nodeFilter: the NODE SELECTION OPTIONS; unrestricted by default.
    ///   - random: draws the paths; the system's secure generator by default.
    public init(
        store: NetworkViewStore, guards: GuardManager, builder: CircuitBuilder, restrictions: PathRestrictions,
        progress: BootstrapProgress? = nil, congestionControl: CongestionControlMode = .automatic,
        conflux: ConfluxMode = .off, nodeFilter: NodeFilter = NodeFilter(),
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        logger: Logger = Logger(label: "torswift.paths")
    ) {
        self.store = store
        self.guards = guards
        self.builder = builder
        self.restrictions = restrictions
        self.congestionControl = congestionControl
        self.conflux = conflux
        self.nodeFilter = nodeFilter
        self.progress = progress
        self.random = AnyRandomGenerator(random)
        self.logger = logger
    }

    /// Builds a three-hop circuit whose exit allows `exitPort` (with nil, 443 and 80 when an
    /// exit allows both); see the type's description for the order of choices.
    ///
    /// - Throws: `client.paths.no-directory` before the store holds a view; the path
    ///   selector's or guard manager's error when no path can be chosen; the builder's error
    ///   when every attempt failed; `client.paths.no-guard` when no guard could be reached.
    public func buildCircuit(exitPort: UInt16?) async throws -> BuiltCircuit {
        guard let view = await store.current else {
            throw TorClientError(
                .pathsNoDirectory, kind: .resource,
                "No verified consensus is loaded yet, so no circuit can be built; wait for the directory bootstrap to finish")
        }
        var selector = selector(for: view)
        selector.isUsable = await PathSelector.skippingOpenBreakers(in: builder.resilience.breakers, key: { $0.breakerKey })
        selector.nodeFilter = nodeFilter
        progress?.report(.circuitCreate)
        var waiting: (circuit: BuiltCircuit, guard: GuardSelection)?
        var lastError: (any Error)?
        defer { waiting?.circuit.handle.close() }
        for _ in 0..<Self.guardAttempts {
            try Task.checkCancellation()
            let exit = try CircuitPathPlan.chooseExit(forPort: exitPort, selector: selector, using: &random)
            let selection = try await guards.chooseGuard(for: .circuit, avoiding: [exit])
            // The store's entry when it lists the guard: the guard manager may still hold the
            // view before the one the store just took.
            guard let entry = view.relay(rsaIdentity: selection.identity) ?? selection.relay else {
                throw TorClientError(
                    .pathsNoGuard, kind: .internalFailure, "The guard manager chose a circuit guard without a microdescriptor")
            }
            let plan = try CircuitPathPlan.plan(entry: entry, exit: exit, exitPort: exitPort, selector: selector, using: &random)
            let entryTarget = try RelayTarget(relay: entry)
            do {
                try await openChannel(to: entryTarget)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                await guards.recordFailure(selection.identity)
                logger.info("Guard \(entry) could not be reached (\(error)); trying another guard")
                lastError = error
                continue
            }
            let confluxLegs = await confluxLegCount(view: view, exit: plan.exits[0])
            let asksExit = congestionControl.negotiates(
                consensusAlgorithm: view.parameters["cc_alg"], forConflux: confluxLegs > 1)
            let parameters = CongestionControlParameters(consensus: view.parameters)
            let exits = try plan.exits.map {
                asksExit ? try RelayTarget(exit: $0, congestionControl: parameters) : try RelayTarget(relay: $0)
            }
            // The extra conflux legs are built at the same time as the first circuit, to its
            // planned exit, so the set is ready about when the first circuit is.
            let legs = confluxLegs > 1 && exits[0].congestionControl != nil
                ? Self.buildConfluxLegs(confluxLegs - 1, entry: entryTarget, exit: exits[0], plan: plan, builder: builder, logger: logger)
                : nil
            let handle: CircuitHandle
            do {
                handle = try await builder.build(candidates: [
                    [entryTarget], try plan.middles.map(RelayTarget.init(relay:)), exits,
                ])
            } catch {
                for leg in await legs?.value ?? [] { leg.close() }
                throw error
            }
            let relaysByKey = plan.relaysByKey
            let built = BuiltCircuit(handle: handle, relays: handle.path.compactMap { relaysByKey[$0.fingerprint] })
            switch await guards.recordSuccess(selection) {
            case .useNow:
                // "Done" once the circuit can take a stream: after its conflux set linked (or
                // failed to, and it serves alone), since a stream would wait for that anyway.
                if let legs { await link(await legs.value, to: handle) }
                progress?.report(.done)
                return built
            case .waitForBetterGuard:
                for leg in await legs?.value ?? [] { leg.close() }
                // guard-spec 4.9: hold it while a better guard gets its chance.
                waiting?.circuit.handle.close()
                waiting = (built, selection)
            }
        }
        if let held = waiting, await guards.promoteWaitingCircuit(through: held.guard.identity) {
            waiting = nil
            progress?.report(.done)
            return held.circuit
        }
        throw TorClientError(
            .pathsNoGuard, kind: .resource,
            "No circuit could be built through \(Self.guardAttempts) guards"
                + (lastError.map { "; the last failure was: \($0)" } ?? "")
                + ". Check the network connection; the guards will be retried on their schedule")
    }

    /// Takes new NODE SELECTION OPTIONS (a reload): circuits built from now on follow them.
    public func update(nodeFilter: NodeFilter) {
        self.nodeFilter = nodeFilter
    }

    /// How many legs a conflux set to `exit` gets: the consensus's cfx_num_legs_set (2 by
    /// default, at most ``maximumConfluxLegs``) when ConfluxEnabled and the consensus allow
    /// conflux, the exit speaks Conflux=1 and channels are pooled (every leg must share the
    /// first one's channel, so all legs run on one event loop); otherwise 1.
    private func confluxLegCount(view: NetworkView, exit: Relay) async -> Int {
        guard conflux.enables(consensusValue: view.parameters["cfx_enabled"]),
              exit.protocols?.supports("Conflux", version: 1) ?? false,
              await builder.channels.isPoolingEnabled
        else { return 1 }
        let legs = Int(view.parameters["cfx_num_legs_set"] ?? 2)
        return min(max(legs, 1), Self.maximumConfluxLegs)
    }

    /// How long the exit may take to answer CONFLUX_LINK on every leg (at most
    /// CircuitBuildTimeout): a stream waits for the set, so an exit that never answers must
    /// not hold it for a whole build timeout.
    public static let confluxLinkTimeout = TimeAmount.seconds(10)

    /// The most legs one conflux set gets here, whatever the consensus asks.
    public static let maximumConfluxLegs = 4

    /// Starts building `count` circuits through `entry` (the same channel as the first
    /// circuit) and other middles than the first planned one, to `exit`; a leg that fails is
    /// left out.
    private static func buildConfluxLegs(
        _ count: Int, entry: RelayTarget, exit: RelayTarget, plan: CircuitPathPlan, builder: CircuitBuilder, logger: Logger
    ) -> Task<[CircuitHandle], Never> {
        let others = plan.middles.dropFirst()
        let middles = (others.isEmpty ? plan.middles[...] : others).compactMap { try? RelayTarget(relay: $0) }
        return Task {
            await withTaskGroup(of: CircuitHandle?.self) { group in
                for index in 0..<count where !middles.isEmpty {
                    let middle = middles[index % middles.count]
                    group.addTask {
                        do {
                            return try await builder.build(path: [entry, middle, exit])
                        } catch {
                            logger.debug("a conflux leg could not be built: \(error)")
                            return nil
                        }
                    }
                }
                var built: [CircuitHandle] = []
                for await leg in group { if let leg { built.append(leg) } }
                return built
            }
        }
    }

    /// Joins `handle` and `legs` into a conflux set when they share its exit (``ConfluxSet``
    /// refuses circuits without congestion control); legs that cannot join are closed and
    /// `handle` serves alone, as a plain circuit.
    private func link(_ legs: [CircuitHandle], to handle: CircuitHandle) async {
        let exit = handle.path.last?.fingerprint
        let usable = legs.filter { $0.path.last?.fingerprint == exit }
        for leg in legs where leg.path.last?.fingerprint != exit { leg.close() }
        guard !usable.isEmpty else { return }
        do {
            try await handle.linkConflux(with: usable, timeout: min(builder.buildTimeout, Self.confluxLinkTimeout))
            logger.debug("linked a conflux set of \(usable.count + 1) legs")
        } catch {
            logger.info("Conflux linking failed (\(error)); the circuit serves alone")
            for leg in usable { leg.close() }
        }
    }

    /// Opens (or reuses) the pooled channel to the guard through its breaker, so that a guard
    /// that cannot be reached counts against it and the build that follows reuses the channel.
    private func openChannel(to target: RelayTarget) async throws {
        let breaker = await builder.resilience.breakers.breaker(for: target.fingerprint)
        let channels = builder.channels
        try await breaker.run { try await channels.checkReachable(target) }
    }

    /// The selector for `view`, reused while the store holds the same view.
    private func selector(for view: NetworkView) -> PathSelector {
        let key = ViewKey(view)
        if let cachedSelector, cachedSelector.key == key { return cachedSelector.selector }
        let selector = PathSelector(view: view, restrictions: restrictions)
        cachedSelector = (key, selector)
        return selector
    }

    /// Tells views apart: a new consensus has a later valid-after, and the same consensus
    /// with more microdescriptors has more usable relays.
    private struct ViewKey: Equatable {
        let validAfter: Int64
        let usable: Int
        let listed: Int

        init(_ view: NetworkView) {
            validAfter = view.validAfter
            usable = view.relays.count
            listed = view.relays.count + view.relaysWithoutMicrodescriptor.count
        }
    }
}

extension TorClientError.Code {
    /// No verified network view is loaded yet (kind `.resource`).
    public static let pathsNoDirectory: Self = "client.paths.no-directory"
    /// No guard could be reached, or none gave a usable circuit (kind `.resource`).
    public static let pathsNoGuard: Self = "client.paths.no-guard"
}

