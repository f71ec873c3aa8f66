import TorCore

/// The "voting-delay" line (dir-spec 3.4.1): how long authorities collect votes, then signatures.
public struct VotingDelay: Sendable, Equatable {
    /// VoteSeconds.
    public let voteSeconds: Int
    /// DistSeconds.
    public let distributionSeconds: Int

    /// A voting delay of `voteSeconds` then `distributionSeconds`.
    public init(voteSeconds: Int, distributionSeconds: Int) {
        self.voteSeconds = voteSeconds
        self.distributionSeconds = distributionSeconds
    }
}

/// A "shared-rand-previous-value" or "shared-rand-current-value" line (dir-spec 3.4.1).
public struct SharedRandomValue: Sendable, Equatable {
    /// Length of the value (256 bits).
    public static let byteCount = 32

    /// NumReveals: how many commits produced the value.
    public let revealCount: Int
    /// The 32-byte shared random value.
    public let value: [UInt8]

    /// Reads "NumReveals Value".
    init(item: DocumentItem) throws(DirectoryError) {
        revealCount = try item.integer(at: 0, as: Int.self)
        value = try item.base64(at: 1, byteCount: Self.byteCount)
    }
}

extension DirectoryError.Code {
    /// "network-status-version" is not 3.
    public static let consensusVersion: Self = "dir.consensus.version"
    /// The consensus is not the microdesc flavour.
    public static let consensusFlavor: Self = "dir.consensus.flavor"
    /// "vote-status" is not "consensus": a vote was served where a consensus belongs.
    public static let consensusNotConsensus: Self = "dir.consensus.not-consensus"
    /// valid-after, fresh-until and valid-until are out of order.
    public static let consensusTimes: Self = "dir.consensus.times"
    /// Router status entries are not in ascending order of identity, or one repeats.
    public static let consensusRouterOrder: Self = "dir.consensus.router-order"
    /// The consensus was checked before valid-after (allowing for clock skew).
    public static let consensusNotYetValid: Self = "dir.consensus.not-yet-valid"
    /// The consensus was checked after valid-until (allowing for clock skew).
    public static let consensusExpired: Self = "dir.consensus.expired"
    /// Too few of the configured authorities validly signed the consensus.
    public static let consensusInsufficientSignatures: Self = "dir.consensus.insufficient-signatures"
    /// No authorities were configured, so no consensus can be trusted (kind `.badInput`).
    public static let consensusNoAuthorities: Self = "dir.consensus.no-authorities"
}
