import TorCore

/// What a ``DirectoryBootstrapper`` needs from the torrc, and its fetch policies.
public struct BootstrapConfiguration: Sendable {
    /// The directory authorities (DirAuthority; the compiled-in ones by default). Those with a
    /// v3 identity are the signers a consensus needs a majority of.
    public var authorities: [DirectoryAuthority]
    /// Fallback directory mirrors (FallbackDir), preferred to authorities for the first
    /// consensus (dir-spec 5.1).
    public var fallbacks: [FallbackDirectory]
    /// Where the cache lives (DataDirectory); nil for no cache.
    public var dataDirectory: String?
    /// Seconds by which the clock may be off when checking validity times.
    public var clockSkewAllowance: Int64
    /// The share of listed microdescriptors needed before circuits may be built (dir-spec
    /// 5.4.1 asks for at least 1/4; tor's PathsNeededToBuildCircuits default is 0.6).
    public var requiredDescriptorFraction: Double
    /// Retries of each fetch across sources (dir-spec 5.5's decorrelated jitter).
    public var retry: RetryPolicy
    /// When a source's breaker opens.
    public var breakerPolicy: CircuitBreakerPolicy

    /// The default clock-skew allowance: one minute.
    public static let defaultClockSkewAllowance: Int64 = 60
    /// The default descriptor share: tor's PathsNeededToBuildCircuits default.
    public static let defaultRequiredDescriptorFraction = 0.6
    /// The default retry schedule: enough attempts to go round several sources, with the
    /// decorrelated jitter of dir-spec 5.5.
    public static let defaultRetry = RetryPolicy(
        maxAttempts: 8, baseDelay: .milliseconds(250), maxDelay: .seconds(30), jitter: .decorrelated)

    /// A configuration from its parts.
    public init(
        authorities: [DirectoryAuthority], fallbacks: [FallbackDirectory] = [], dataDirectory: String?,
        clockSkewAllowance: Int64 = defaultClockSkewAllowance,
        requiredDescriptorFraction: Double = defaultRequiredDescriptorFraction,
        retry: RetryPolicy = defaultRetry, breakerPolicy: CircuitBreakerPolicy = .sensitive
    ) {
        self.authorities = authorities
        self.fallbacks = fallbacks
        self.dataDirectory = dataDirectory
        self.clockSkewAllowance = clockSkewAllowance
        self.requiredDescriptorFraction = requiredDescriptorFraction
        self.retry = retry
        self.breakerPolicy = breakerPolicy
    }

    /// The configuration a torrc gives: its authorities (the compiled-in ones unless replaced),
    /// fallbacks and DataDirectory.
    public init(_ configuration: TorConfiguration) {
        self.init(
            authorities: configuration.directoryAuthorities, fallbacks: configuration.fallbackDirectories,
            dataDirectory: configuration.dataDirectory)
    }

    /// The v3 identities of the authorities that sign consensuses, without repeats.
    public var signingAuthorities: [AuthorityIdentity] {
        var seen: Set<AuthorityIdentity> = []
        return authorities.compactMap { authority in
            guard !authority.isBridgeAuthority, let bytes = authority.v3Identity?.bytes,
                  let identity = try? AuthorityIdentity(bytes: bytes), seen.insert(identity).inserted
            else { return nil }
            return identity
        }
    }
}
