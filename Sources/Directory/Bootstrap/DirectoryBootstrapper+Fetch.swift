import TorCore

extension DirectoryBootstrapper {
    /// The sources for a fetch, most preferred tier first (dir-spec 5.1: fallbacks before
    /// authorities for a first consensus; once a consensus is known, its directory caches
    /// before either, so the authorities are spared).
    func sourceTiers(includingCachesOf consensus: MicrodescConsensus?) -> [[DirectoryServer]] {
        let authorities = configuration.authorities.filter { !$0.isBridgeAuthority }.map(DirectoryServer.init(authority:))
        let fallbacks = configuration.fallbacks.map(DirectoryServer.init(fallback:))
        var caches: [DirectoryServer] = []
        if let consensus {
            let configured = Set((authorities + fallbacks).map(\.key))
            caches = consensus.routers
                .filter { $0.flags.contains(.v2Dir) && $0.flags.contains(.running) && $0.flags.contains(.valid) }
                .map(DirectoryServer.init(cache:))
                .filter { !configured.contains($0.key) }
        }
        return [caches, fallbacks, authorities].map { $0.filter(transport.canReach) }.filter { !$0.isEmpty }
    }

    /// Fetches `request` through the pipeline: each attempt picks a source from the first tier
    /// with one it has not tried yet in this run (at random within the tier), skipping sources
    /// whose breaker is open; `accept` parses and verifies the body, and a failure there
    /// rejects the document (logged, counted) and counts against the source like a failed fetch.
    func fetch<Result>(
        _ request: DirectoryRequest, from tiers: [[DirectoryServer]],
        accept: (_ body: [UInt8], _ server: DirectoryServer) async throws -> Result
    ) async throws -> Result {
        let servers = Dictionary(tiers.joined().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let events = progressEvents()
        var generator = random
        defer { random = generator }
        let seed = generator.next()
        return try await pipeline.run(
            random: SplitMixGenerator(seed: seed),
            onRetry: { [logger] attempt, error, delay in
                logger.info("Directory fetch of \(request.purpose) failed (attempt \(attempt)): \(error); retrying in \(delay)")
            },
            chooseTarget: { attempt in
                self.chooseSource(tiers: tiers, attempt: attempt, using: &generator)
            },
            operation: { key, _ in
                guard let server = servers[key] else {
                    throw DirectoryError(.parserInternal, kind: .internalFailure, "A source was chosen that was not offered")
                }
                let body: [UInt8]
                do {
                    body = try await transport.fetch(request, from: server, events: events)
                } catch {
                    counters.fetchFailures += 1
                    logger.info("Could not fetch \(request.purpose) from \(server): \(error)")
                    throw error
                }
                count(download: request.purpose)
                do {
                    return try await accept(body, server)
                } catch {
                    counters.documentsRejected += 1
                    let code = (error as? DirectoryError)?.code ?? "dir.rejected"
                    rejections.append(DocumentRejection(purpose: request.purpose, serverKey: server.key, code: code))
                    logger.warning("Rejected the \(request.purpose) from \(server): \(error); fetching it from another directory")
                    throw error
                }
            })
    }

    /// A source from the first tier with one neither tried nor rejected in this run; failing
    /// that, one that failed before but whose breaker still admits calls; nil when none is left.
    private func chooseSource(
        tiers: [[DirectoryServer]], attempt: ResilienceAttempt<String>, using generator: inout some RandomNumberGenerator
    ) -> String? {
        for tier in tiers {
            let fresh = tier.filter { !attempt.hasTried($0.key) }
            if let chosen = fresh.randomElement(using: &generator) { return chosen.key }
        }
        let retryable = tiers.joined().filter { !attempt.rejectedTargets.contains($0.key) }
        return retryable.randomElement(using: &generator)?.key
    }

    private func count(download purpose: DirectoryRequest.Purpose) {
        switch purpose {
        case .consensus: counters.consensusDownloads += 1
        case .certificates: counters.certificateDownloads += 1
        case .microdescriptors: counters.microdescriptorDownloads += 1
        default: break
        }
    }

    /// Connection milestones mapped to C tor's stage-1 and stage-2 phases (control-spec 5.5).
    private func progressEvents() -> DirectoryFetchEvents {
        let progress = self.progress
        return DirectoryFetchEvents { event in
            switch event {
            case .connecting: progress.report(.connecting)
            case .connected: progress.report(.connected)
            case .handshaking: progress.report(.handshaking)
            case .handshakeDone: progress.report(.handshakeDone)
            case .creatingCircuit: progress.report(.oneHopCreate)
            case .requestSent(let request):
                switch request.purpose {
                case .consensus: progress.report(.requestingStatus)
                case .certificates: progress.report(.loadingKeys)
                case .microdescriptors: progress.report(.requestingDescriptors)
                default: break
                }
            }
        }
    }

    /// Wraps the pipeline's final failure in a `dir.bootstrap.failed` that says what to do.
    func bootstrapFailure(_ what: String, _ error: any Error) -> DirectoryError {
        let last = (error as? TorCoreError)?.lastAttemptError ?? (error as? TorCoreError)?.underlying ?? error
        return DirectoryError(
            .bootstrapFailed, kind: .resource,
            "Could not get \(what) from any directory; the last failure was: \(last). "
                + "Check the network connection, the system clock and the DirAuthority lines")
    }
}

/// A small deterministic generator seeded from the bootstrapper's own, so retry jitter follows
/// an injected random source (SplitMix64).
struct SplitMixGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
