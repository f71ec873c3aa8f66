/// When a client fetches its next consensus (dir-spec 5.1): at a random time after the caches
/// are expected to have the next one, but well before the current one expires.
///
/// Pure: the caller passes the times and the random source. For a consensus with interval
/// `I = fresh-until - valid-after`, the window starts at `fresh-until + 3I/4` and lasts
/// `7/8` of the time left from there to valid-until; the fetch time is uniform within it,
/// at whole seconds (dir-spec 5.1's example: valid 1:00, fresh 2:00, expires 4:00 gives a
/// time between 2:45 and 3:50). A client without a live consensus fetches at once.
public struct ConsensusRefreshSchedule: Sendable, Equatable {
    /// When the window opens, Unix seconds.
    public let windowStart: Int64
    /// How long the window lasts, in seconds (at least 1).
    public let windowLength: Int64

    /// The window for a consensus with these times (Unix seconds). Integer arithmetic rounds
    /// down, as tor does.
    public init(validAfter: Int64, freshUntil: Int64, validUntil: Int64) {
        let interval = max(freshUntil - validAfter, 0)
        let start = freshUntil + interval * 3 / 4
        windowStart = start
        windowLength = max((validUntil - start) * 7 / 8, 1)
    }

    /// The window for `consensus`.
    public init(_ consensus: MicrodescConsensus) {
        self.init(validAfter: consensus.validAfter, freshUntil: consensus.freshUntil, validUntil: consensus.validUntil)
    }

    /// The last second a fetch can be scheduled at (the window is half-open).
    public var windowEnd: Int64 { windowStart + windowLength - 1 }

    /// A fetch time drawn uniformly from the window's whole seconds.
    public func fetchTime(using random: inout some RandomNumberGenerator) -> Int64 {
        windowStart + Int64.random(in: 0..<windowLength, using: &random)
    }

    /// When to fetch the next consensus given the one held (nil for none), at `now`: at once
    /// without a consensus or once it stopped being live (dir-spec 5.1: a client tries to
    /// have a live consensus at all times), else at a time drawn from the window, but never
    /// before `now`.
    public static func nextFetch(
        after consensus: MicrodescConsensus?, now: Int64, using random: inout some RandomNumberGenerator
    ) -> Int64 {
        guard let consensus, now >= consensus.validAfter, now < consensus.validUntil else { return now }
        return max(ConsensusRefreshSchedule(consensus).fetchTime(using: &random), now)
    }
}
