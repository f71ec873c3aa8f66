#if canImport(Glibc)
import Glibc
#endif
import Logging
import TorCore

/// Gets this client a verified directory (dir-spec 5): from the cache when what it holds still
/// verifies, else from the network: the microdesc consensus, the key certificates that verify
/// it, then the microdescriptors it lists, in batches.
///
/// Every fetch goes through a ``ResiliencePipeline`` whose breakers are keyed by the source's
/// RSA identity: a failed or rejected fetch is retried from another source, and a source
/// that keeps failing is skipped while its breaker is open, so bootstrapping succeeds as long
/// as one source works. A document that fails to parse or verify is rejected with a log line
/// saying why, and counted (``counters``, ``rejections``). Progress is reported to a
/// ``BootstrapProgress`` with C tor's phases.
public actor DirectoryBootstrapper {
    /// The configuration.
    public nonisolated let configuration: BootstrapConfiguration
    /// The transport every fetch uses.
    public nonisolated let transport: any DirectoryTransport
    /// Bootstrap progress, shared with the circuit layer.
    public nonisolated let progress: BootstrapProgress
    /// The sources' circuit breakers, keyed by RSA identity in hex.
    public nonisolated let breakers: CircuitBreakerRegistry<String>
    let pipeline: ResiliencePipeline<String>
    let cache: DirectoryCache?
    let now: @Sendable () -> Int64
    let logger: Logger
    var random: any RandomNumberGenerator & Sendable

    /// What was fetched, loaded and rejected so far.
    public internal(set) var counters = BootstrapCounters()
    /// Every rejected document, oldest first.
    public internal(set) var rejections: [DocumentRejection] = []
    /// The directory in use; nil before the first successful bootstrap.
    public internal(set) var directory: VerifiedDirectory?
    /// When the next consensus should be fetched (dir-spec 5.1), Unix seconds; nil before the
    /// first bootstrap.
    public internal(set) var nextConsensusFetch: Int64?
    var certificates: [VerifiedAuthorityKeyCertificate] = []
    private var running: Task<VerifiedDirectory, any Error>?

    /// A bootstrapper; by default it fetches over BEGIN_DIR with the DirPort as fallback.
    ///
    /// - Parameters:
    ///   - clock: the breakers' and retries' clock.
    ///   - now: wall-clock time in Unix seconds, for validity checks and the refresh schedule.
    ///   - random: picks sources and schedule times, and jitters retries.
    public init(
        configuration: BootstrapConfiguration, transport: any DirectoryTransport = FallbackDirectoryTransport.standard(),
        progress: BootstrapProgress = BootstrapProgress(), clock: any ResilienceClock = SystemResilienceClock(),
        now: @escaping @Sendable () -> Int64 = DirectoryBootstrapper.systemNow,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        logger: Logger = Logger(label: "torswift.directory")
    ) {
        self.configuration = configuration
        self.transport = transport
        self.progress = progress
        self.now = now
        self.random = random
        self.logger = logger
        self.breakers = CircuitBreakerRegistry<String>(policy: configuration.breakerPolicy, clock: clock)
        self.pipeline = ResiliencePipeline(retry: configuration.retry, breakers: breakers, clock: clock)
        self.cache = configuration.dataDirectory.map { DirectoryCache(directory: $0, logger: logger) }
    }

    /// The system's wall clock, Unix seconds.
    public static let systemNow: @Sendable () -> Int64 = { Int64(time(nil)) }

    /// Bootstraps: reports "starting", loads what the cache holds that still verifies, fetches
    /// the rest, stores what was fetched, and reports "enough_dirinfo". A second call while
    /// one runs waits for the same result.
    ///
    /// - Throws: `dir.consensus.no-authorities` without v3 authorities,
    ///   `dir.bootstrap.failed` when no source gave a verified consensus (its reason carries
    ///   the last failure), `dir.bootstrap.not-enough-descriptors` when too few
    ///   microdescriptors could be fetched.
    public func bootstrap() async throws -> VerifiedDirectory {
        if let running { return try await running.value }
        let task = Task { try await self.runBootstrap() }
        running = task
        defer { running = nil }
        return try await task.value
    }

    /// Fetches a new consensus now and the microdescriptors it adds (the refresh that
    /// ``nextConsensusFetch`` schedules), replacing ``directory`` once it verifies.
    public func refresh() async throws -> VerifiedDirectory {
        let consensus = try await fetchConsensus()
        return try await complete(consensus: consensus, held: directory?.microdescriptors ?? [:])
    }

    /// True when ``nextConsensusFetch`` has come.
    public var isRefreshDue: Bool {
        nextConsensusFetch.map { now() >= $0 } ?? true
    }

    private func runBootstrap() async throws -> VerifiedDirectory {
        progress.report(.starting)
        let authorities = configuration.signingAuthorities
        guard !authorities.isEmpty else {
            throw DirectoryError(
                .consensusNoAuthorities, kind: .badInput,
                "No directory authority with a v3ident is configured; add DirAuthority lines or remove them all "
                    + "to use the default authorities")
        }
        var held: [MicrodescriptorDigest: Microdescriptor] = [:]
        var consensus: VerifiedMicrodescConsensus? = nil
        if let cache {
            let time = now()
            let skew = configuration.clockSkewAllowance
            certificates = await cache.loadCertificates(authorities: authorities, now: time, clockSkewAllowance: skew)
            counters.certificateCacheHits += certificates.count
            consensus = await cache.loadConsensus(
                authorities: authorities, certificates: certificates, now: time, clockSkewAllowance: skew)
            if let consensus {
                counters.consensusCacheHits += 1
                logger.notice(
                    "Loaded a verified consensus from the cache, valid until \(DirectoryTime.format(consensus.consensus.validUntil)) UTC; no consensus download needed")
                held = await cache.loadMicrodescriptors(listedIn: consensus)
                counters.microdescriptorCacheHits += held.count
            }
        }
        let verified: VerifiedMicrodescConsensus
        if let consensus {
            verified = consensus
        } else {
            verified = try await fetchConsensus()
        }
        return try await complete(consensus: verified, held: held)
    }

    /// Fetches what `consensus` lists beyond `held`, checks there is enough, stores and
    /// publishes the result, and schedules the next consensus fetch.
    private func complete(
        consensus: VerifiedMicrodescConsensus, held: [MicrodescriptorDigest: Microdescriptor]
    ) async throws -> VerifiedDirectory {
        let listed = consensus.consensus.microdescriptorDigests
        var descriptors = held.filter { listed.contains($0.key) }
        let missing = listed.subtracting(descriptors.keys)
        if !missing.isEmpty {
            descriptors.merge(try await fetchMicrodescriptors(missing, listedIn: consensus.consensus, held: descriptors.count)) { old, _ in old }
            await store { cache throws(DirectoryError) in try await cache.store(microdescriptors: descriptors.values) }
        }
        let result = VerifiedDirectory(consensus: consensus, certificates: certificates, microdescriptors: descriptors)
        guard result.descriptorFraction >= configuration.requiredDescriptorFraction else {
            throw DirectoryError(
                .bootstrapNotEnoughDescriptors, kind: .resource,
                "Only \(descriptors.count) of \(listed.count) microdescriptors could be fetched, fewer than the "
                    + "\(Int(configuration.requiredDescriptorFraction * 100))% needed to build circuits; "
                    + "check the network connection, bootstrapping will be retried")
        }
        progress.report(.enoughDirectoryInfo)
        directory = result
        var generator = random
        nextConsensusFetch = ConsensusRefreshSchedule.nextFetch(after: consensus.consensus, now: now(), using: &generator)
        random = generator
        return result
    }

    /// Runs `body` on the cache, if any; a failed write is logged, not fatal: the documents
    /// are verified and in use, they will just be fetched again next start.
    func store(_ body: (DirectoryCache) async throws(DirectoryError) -> Void) async {
        guard let cache else { return }
        do {
            try await body(cache)
        } catch {
            logger.warning("Could not write the directory cache: \(error)")
        }
    }
}

extension DirectoryError.Code {
    /// No source gave a verified consensus within the retry policy (kind `.resource`).
    public static let bootstrapFailed: Self = "dir.bootstrap.failed"
    /// Too few microdescriptors could be fetched to build circuits (kind `.resource`).
    public static let bootstrapNotEnoughDescriptors: Self = "dir.bootstrap.not-enough-descriptors"
}
