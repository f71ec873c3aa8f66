import Directory

/// What the directory service has done, for `torctl status` and the control port: the
/// bootstrapper's own counters (a warm start shows zero consensus downloads), the refreshes,
/// and the times of the consensus in use.
public struct DirectoryServiceStatus: Sendable, Equatable {
    /// What the bootstrapper fetched, loaded from the cache and rejected.
    public var counters: BootstrapCounters
    /// Refreshes that fetched and verified a consensus (newer or not).
    public var refreshes: Int
    /// Refreshes that brought a newer consensus into the store.
    public var viewsReplaced: Int
    /// Bootstraps and refreshes that failed (each one logged).
    public var failures: Int
    /// When the last refresh finished with a verified consensus, Unix seconds.
    public var lastRefresh: Int64?
    /// The last failure, as logged.
    public var lastFailure: String?
    /// The consensus in use: valid-after, fresh-until and valid-until, Unix seconds; nil
    /// before the first bootstrap.
    public var validAfter: Int64?
    /// See ``validAfter``.
    public var freshUntil: Int64?
    /// See ``validAfter``.
    public var validUntil: Int64?
    /// When the next consensus fetch is due (dir-spec 5.1), Unix seconds.
    public var nextConsensusFetch: Int64?

    /// Consensus documents downloaded from the network.
    public var consensusDownloads: Int { counters.consensusDownloads }

    /// A status from its parts.
    public init(
        counters: BootstrapCounters = BootstrapCounters(), refreshes: Int = 0, viewsReplaced: Int = 0,
        failures: Int = 0, lastRefresh: Int64? = nil, lastFailure: String? = nil, validAfter: Int64? = nil,
        freshUntil: Int64? = nil, validUntil: Int64? = nil, nextConsensusFetch: Int64? = nil
    ) {
        self.counters = counters
        self.refreshes = refreshes
        self.viewsReplaced = viewsReplaced
        self.failures = failures
        self.lastRefresh = lastRefresh
        self.lastFailure = lastFailure
        self.validAfter = validAfter
        self.freshUntil = freshUntil
        self.validUntil = validUntil
        self.nextConsensusFetch = nextConsensusFetch
    }
}
