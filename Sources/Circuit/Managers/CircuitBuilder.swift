import NIOCore
import TorCore

/// Builds circuits over pooled channels, hop by hop, inside the resilience policies: each hop
/// is tried through the caller's candidates for that position, every attempt passes through
/// the candidate's circuit breaker (keyed by its RSA fingerprint in hex), a relay whose breaker
/// is open is skipped, and a failed hop is retried through another candidate (path-spec 2.4:
/// a failed circuit is replaced by one through other relays).
///
/// Policy lives here; the mechanics (cells, crypto, windows) stay in ``TorCircuit``.
public struct CircuitBuilder: Sendable {
    /// Where channels to first hops come from.
    public let channels: ChannelManager
    /// CircuitBuildTimeout: the limit for the first hop, and for each extension after it.
    public let buildTimeout: TimeAmount
    /// Retries and per-relay breakers.
    public let resilience: ResiliencePipeline<String>

    /// A builder; without `resilience`, a default pipeline (4 attempts, fresh breakers).
    public init(channels: ChannelManager, buildTimeout: Duration, resilience: ResiliencePipeline<String>? = nil) {
        self.channels = channels
        self.buildTimeout = TimeAmount(buildTimeout)
        self.resilience = resilience ?? ResiliencePipeline(breakers: CircuitBreakerRegistry<String>())
    }

    /// Builds a circuit through exactly `path` (no retries): CREATE2 to `path[0]` over its
    /// pooled channel, then EXTEND2 to the rest, all within one build timeout.
    public func build(path: [RelayTarget]) async throws -> CircuitHandle {
        guard let first = path.first else {
            throw CircuitError(.circuitBadPath, kind: .badInput, "A circuit needs at least one relay.")
        }
        let channel = try await channels.channel(to: first)
        return try await channel.buildCircuit(path: path, timeout: buildTimeout)
    }

    /// Builds a circuit with one relay per position, choosing each from `candidates[position]`
    /// in order: a candidate already on the circuit, already failed in this build, or with an
    /// open breaker is skipped; a failure is retried (per the pipeline's policy) with the next
    /// candidate, rebuilding the hops before it if the failure took the circuit down.
    ///
    /// - Throws: `resilience.noTarget` when a position runs out of candidates,
    ///   `retry.exhausted` when every attempt failed (its last error says why), or a bad-input
    ///   error from a candidate that can never work.
    public func build(candidates: [[RelayTarget]]) async throws -> CircuitHandle {
        guard !candidates.isEmpty else {
            throw CircuitError(.circuitBadPath, kind: .badInput, "A circuit needs at least one relay.")
        }
        var circuit: CircuitHandle?
        for position in candidates.indices {
            let chosen = circuit?.path ?? []
            let options = candidates[position].filter { option in
                !chosen.contains { $0.rsaIdentity == option.rsaIdentity }
            }
            var base = circuit
            do {
                circuit = try await extend(&base, position: position, chosen: chosen, options: options)
            } catch {
                // The hops built so far serve nobody now.
                base?.close()
                throw error
            }
        }
        return circuit!
    }

    private func extend(
        _ base: inout CircuitHandle?, position: Int, chosen: [RelayTarget], options: [RelayTarget]
    ) async throws -> CircuitHandle {
        let byFingerprint = Dictionary(options.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
        let breakers = resilience.breakers
        return try await resilience.run(
            chooseTarget: { attempt in
                // An earlier attempt may have taken the hops before this one down.
                if position > 0, !(await base?.isOpen() ?? false) {
                    base = try await build(path: chosen)
                }
                for option in options where !attempt.hasTried(option.fingerprint) {
                    if await !breakers.isOpen(option.fingerprint) { return option.fingerprint }
                }
                return nil
            },
            operation: { fingerprint, _ in
                let target = byFingerprint[fingerprint]!
                guard let base else { return try await build(path: [target]) }
                return try await base.extend(to: target, timeout: buildTimeout)
            })
    }
}
