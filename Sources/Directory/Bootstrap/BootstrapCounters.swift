import TorCore

/// What a ``DirectoryBootstrapper`` fetched, loaded and rejected: the client's own record, so
/// tests and the control port can tell a warm start (no consensus download) from a cold one.
public struct BootstrapCounters: Sendable, Equatable {
    /// Consensus documents received from the network (verified or not).
    public var consensusDownloads = 0
    /// Key-certificate responses received from the network.
    public var certificateDownloads = 0
    /// Microdescriptor batches received from the network.
    public var microdescriptorDownloads = 0
    /// Microdescriptors received from the network and accepted.
    public var microdescriptorsFetched = 0
    /// Consensuses taken from the cache instead of the network.
    public var consensusCacheHits = 0
    /// Key certificates taken from the cache.
    public var certificateCacheHits = 0
    /// Microdescriptors taken from the cache.
    public var microdescriptorCacheHits = 0
    /// Fetched documents rejected because they did not parse or verify.
    public var documentsRejected = 0
    /// Fetches that failed before a document arrived (connection, timeout, HTTP status).
    public var fetchFailures = 0

    /// All zero.
    public init() {}
}

/// A fetched document the bootstrapper refused, and why: what the log line said.
public struct DocumentRejection: Sendable, Equatable, CustomStringConvertible {
    /// What was fetched.
    public let purpose: DirectoryRequest.Purpose
    /// The server it came from (its breaker key: the RSA identity in hex).
    public let serverKey: String
    /// The error code that rejected it, such as `dir.consensus.insufficient-signatures`.
    public let code: DirectoryError.Code

    /// A rejection record.
    public init(purpose: DirectoryRequest.Purpose, serverKey: String, code: DirectoryError.Code) {
        self.purpose = purpose
        self.serverKey = serverKey
        self.code = code
    }

    /// "consensus from $KEY: code".
    public var description: String { "\(purpose) from $\(serverKey): \(code)" }
}
