import TorCore

extension DirectoryBootstrapper {
    /// Fetches the microdescriptors named by `missing`, at most 92 per request (dir-spec 4.3),
    /// preferring the consensus's directory caches. Each batch is matched against the digests
    /// it asked for: a batch holding anything else is rejected whole and fetched elsewhere. A
    /// batch no source could serve is left out (logged); the caller decides whether what
    /// arrived is enough.
    func fetchMicrodescriptors(
        _ missing: Set<MicrodescriptorDigest>, listedIn consensus: MicrodescConsensus, held: Int
    ) async throws -> [MicrodescriptorDigest: Microdescriptor] {
        let tiers = sourceTiers(includingCachesOf: consensus)
        let total = consensus.routers.count
        var fetched: [MicrodescriptorDigest: Microdescriptor] = [:]
        let fraction = configuration.requiredDescriptorFraction
        for (request, digests) in DirectoryRequest.microdescriptorBatches(missing) {
            let asked = Set(digests)
            do {
                let batch = try await fetch(request, from: tiers) { body, _ in
                    try MicrodescriptorBatch(parsing: body).matched(against: asked)
                }
                counters.microdescriptorsFetched += batch.count
                fetched.merge(batch) { old, _ in old }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.warning("Could not fetch \(asked.count) microdescriptors from any directory: \(error)")
            }
            progress.reportDescriptors(fetched: held + fetched.count, total: total, requiredFraction: fraction)
        }
        return fetched
    }
}
