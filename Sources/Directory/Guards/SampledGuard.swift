import TorCore

/// One member of {SAMPLED_GUARDS} (guard-spec 4.1, 4.3): what is kept across restarts, and the
/// reachability bookkeeping that is not.
public struct SampledGuard: Sendable, Equatable {
    /// {tvar:is_reachable}: whether the guard is worth trying (guard-spec 4.1).
    public enum Reachability: Sendable, Equatable {
        /// A circuit through it succeeded.
        case yes
        /// It failed and its retry time has not come (guard-spec 4.5).
        case no
        /// Not known, or due for a retry: worth trying.
        case maybe
    }

    /// The relay's fingerprint ("rsa_id").
    public let identity: RelayFingerprint
    /// The nickname when sampled ("nickname"); informational only.
    public var nickname: String?
    /// {ADDED_ON_DATE} ("sampled_on"): randomized into the past by up to a tenth of the guard
    /// lifetime, so that it does not reveal when the guard was really added.
    public var sampledOn: Int64
    /// {ADDED_BY_VERSION} ("sampled_by").
    public var sampledBy: String?
    /// {IS_LISTED} ("listed"): in the latest consensus as a member of {GUARDS}.
    public var isListed: Bool
    /// {FIRST_UNLISTED_AT} ("unlisted_since"): randomized like `sampledOn`; nil while listed.
    public var unlistedSince: Int64?
    /// {CONFIRMED_ON_DATE} ("confirmed_on"): set once a circuit through it carried user
    /// traffic; nil for an unconfirmed guard.
    public var confirmedOn: Int64?
    /// Position in {CONFIRMED_GUARDS} ("confirmed_idx"); lower is preferred. Nil when unconfirmed.
    public var confirmedIndex: Int?
    /// "K=V" entries of the state line this client does not know, kept verbatim and written
    /// back (guard-spec A.5 requires it).
    public var unknownFields: [String]

    /// {tvar:is_reachable}; starts `.maybe` on every run.
    public var reachability: Reachability = .maybe
    /// {tvar:failing_since}: first failure since the last success.
    public var failingSince: Int64?
    /// {tvar:last_tried_connect}.
    public var lastTriedConnect: Int64?
    /// {tvar:is_pending}: an exploratory circuit through this non-primary guard is under way.
    public var isPending = false

    /// A guard as sampled or as read from the state file.
    public init(
        identity: RelayFingerprint, nickname: String? = nil, sampledOn: Int64, sampledBy: String? = nil,
        isListed: Bool = true, unlistedSince: Int64? = nil, confirmedOn: Int64? = nil,
        confirmedIndex: Int? = nil, unknownFields: [String] = []
    ) {
        self.identity = identity
        self.nickname = nickname
        self.sampledOn = sampledOn
        self.sampledBy = sampledBy
        self.isListed = isListed
        self.unlistedSince = unlistedSince
        self.confirmedOn = confirmedOn
        self.confirmedIndex = confirmedIndex
        self.unknownFields = unknownFields
    }

    /// True once a circuit through it was used for user traffic (a member of {CONFIRMED_GUARDS}).
    public var isConfirmed: Bool { confirmedOn != nil }

    /// The same guard with only what persists: the state a restart begins with.
    public var persistentPart: SampledGuard {
        SampledGuard(
            identity: identity, nickname: nickname, sampledOn: sampledOn, sampledBy: sampledBy,
            isListed: isListed, unlistedSince: unlistedSince, confirmedOn: confirmedOn,
            confirmedIndex: confirmedIndex, unknownFields: unknownFields)
    }
}
