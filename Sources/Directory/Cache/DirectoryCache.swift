import Logging
import TorCore

/// The directory documents kept in the DataDirectory between runs, under C tor's file names:
/// `cached-certs`, `cached-microdesc-consensus` and `cached-microdescs`.
///
/// Nothing read back is trusted: every document is parsed and verified again on load
/// (certificate signatures and lifetimes, the consensus's signatures and validity, each
/// microdescriptor's digest against the consensus). A file that does not parse or verify is
/// deleted with a log line, and the caller fetches its documents anew. Only verified values
/// can be stored, and every write is atomic (see ``CacheFileStore``).
///
/// The files hold the documents exactly as served, concatenated; unlike C tor's
/// `cached-microdescs` they carry no `@last-listed` annotations.
public actor DirectoryCache {
    /// C tor's name for the authority key certificates.
    public static let certificatesFileName = "cached-certs"
    /// C tor's name for the microdesc consensus.
    public static let consensusFileName = "cached-microdesc-consensus"
    /// C tor's name for the microdescriptors.
    public static let microdescriptorsFileName = "cached-microdescs"

    /// The DataDirectory.
    public nonisolated let directory: String
    private let files: CacheFileStore
    private let logger: Logger

    /// A cache in `directory` (created on first write if missing).
    public init(directory: String, logger: Logger = Logger(label: "torswift.directory.cache")) {
        self.directory = directory
        self.files = CacheFileStore(directory: directory)
        self.logger = logger
    }

    /// The cached certificates of `authorities` that verify at `now`. Expired ones are
    /// skipped; a file that does not parse, or holds a certificate whose signatures fail, is
    /// deleted.
    public func loadCertificates(
        authorities: [AuthorityIdentity], now: Int64, clockSkewAllowance: Int64
    ) -> [VerifiedAuthorityKeyCertificate] {
        guard let bytes = read(Self.certificatesFileName) else { return [] }
        let wanted = Set(authorities)
        var result: [VerifiedAuthorityKeyCertificate] = []
        do throws(DirectoryError) {
            for certificate in try AuthorityKeyCertificate.parseAll(bytes) {
                do throws(DirectoryError) {
                    let verified = try certificate.verified(atUnixTime: now, clockSkewAllowance: clockSkewAllowance)
                    if wanted.contains(verified.identity) { result.append(verified) }
                } catch where error.code == .certificateExpired || error.code == .certificateNotYetValid {
                    logger.info("A cached authority key certificate is out of date and is ignored: \(error.reason)")
                }
            }
        } catch {
            discard(Self.certificatesFileName, because: error)
            return []
        }
        return result
    }

    /// The cached consensus if it verifies at `now` with `certificates` (signed by more than
    /// half of `authorities`, live within the skew allowance); otherwise nil, and the file is
    /// deleted.
    public func loadConsensus(
        authorities: [AuthorityIdentity], certificates: [VerifiedAuthorityKeyCertificate],
        now: Int64, clockSkewAllowance: Int64
    ) -> VerifiedMicrodescConsensus? {
        guard let bytes = read(Self.consensusFileName) else { return nil }
        do throws(DirectoryError) {
            return try MicrodescConsensus(parsing: bytes).verified(
                authorities: authorities, certificates: certificates, atUnixTime: now,
                clockSkewAllowance: clockSkewAllowance)
        } catch {
            discard(Self.consensusFileName, because: error)
            return nil
        }
    }

    /// The cached microdescriptors that `consensus` lists. One whose digest the consensus does
    /// not list (no longer listed, or altered) is left out; a file that does not parse is deleted.
    public func loadMicrodescriptors(listedIn consensus: VerifiedMicrodescConsensus) -> [MicrodescriptorDigest: Microdescriptor] {
        guard let bytes = read(Self.microdescriptorsFileName) else { return [:] }
        let batch: MicrodescriptorBatch
        do throws(DirectoryError) {
            batch = try MicrodescriptorBatch(parsing: bytes)
        } catch {
            discard(Self.microdescriptorsFileName, because: error)
            return [:]
        }
        let listed = consensus.consensus.microdescriptorDigests
        var result: [MicrodescriptorDigest: Microdescriptor] = [:]
        for descriptor in batch.descriptors where listed.contains(descriptor.digest) {
            result[descriptor.digest] = descriptor
        }
        let unlisted = batch.descriptors.count - result.count
        if unlisted > 0 || !batch.rejected.isEmpty {
            logger.info(
                "Ignored \(unlisted) cached microdescriptors the consensus does not list and \(batch.rejected.count) that do not parse")
        }
        return result
    }

    /// Writes `certificates`, replacing the file.
    public func store(certificates: [VerifiedAuthorityKeyCertificate]) throws(DirectoryError) {
        try write(Self.certificatesFileName, certificates.map(\.certificate.bytes))
    }

    /// Writes `consensus`, replacing the file.
    public func store(consensus: VerifiedMicrodescConsensus) throws(DirectoryError) {
        try write(Self.consensusFileName, [consensus.consensus.bytes])
    }

    /// Writes `microdescriptors` (in digest order, so equal sets give equal files), replacing the file.
    public func store(microdescriptors: some Collection<Microdescriptor>) throws(DirectoryError) {
        try write(Self.microdescriptorsFileName, microdescriptors.sorted { $0.digest.base64 < $1.digest.base64 }.map(\.bytes))
    }

    /// Deletes every cache file.
    public func clear() {
        for name in [Self.certificatesFileName, Self.consensusFileName, Self.microdescriptorsFileName] {
            files.remove(name)
        }
    }

    private func write(_ name: String, _ documents: [[UInt8]]) throws(DirectoryError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(documents.reduce(0) { $0 + $1.count + 1 })
        for document in documents {
            bytes.append(contentsOf: document)
            // Documents are newline-terminated (dir-spec 1.2); a join must not glue two lines.
            if document.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        }
        try files.prepare()
        try files.write(name, bytes)
    }

    private func read(_ name: String) -> [UInt8]? {
        do throws(DirectoryError) {
            return try files.read(name)
        } catch {
            logger.warning("Could not read the cached \(name): \(error.reason)")
            return nil
        }
    }

    private func discard(_ name: String, because error: DirectoryError) {
        let severity: Logger.Level = error.code == .consensusExpired ? .notice : .warning
        logger.log(level: severity, "Discarding the cached \(name), which does not verify: \(error); it will be fetched again")
        files.remove(name)
    }
}
