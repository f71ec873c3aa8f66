import TorCore

/// A microdesc-flavoured consensus (dir-spec 3.4.1, 3.9.2), parsed but not yet verified.
///
/// Immutable; keeps the exact bytes it was parsed from and, for each signature algorithm the
/// signatures use, the digest they sign (dir-spec 3.4.1: from the start of the document through
/// the space after the first "directory-signature"). Only
/// ``verified(authorities:certificates:atUnixTime:clockSkewAllowance:)`` makes it usable.
public struct MicrodescConsensus: Sendable {
    /// The document exactly as received.
    public let bytes: [UInt8]
    /// "consensus-method" (1 when absent, per the spec).
    public let consensusMethod: Int
    /// Start of the consensus's interval, Unix seconds.
    public let validAfter: Int64
    /// Before this, no newer consensus exists, Unix seconds.
    public let freshUntil: Int64
    /// End of the interval: after this the consensus is stale, Unix seconds.
    public let validUntil: Int64
    /// "voting-delay".
    public let votingDelay: VotingDelay
    /// "client-versions", split at commas; nil when absent (no opinion).
    public let clientVersions: [String]?
    /// "server-versions", split at commas; nil when absent.
    public let serverVersions: [String]?
    /// "known-flags": every flag the entries may carry.
    public let knownFlags: [String]
    /// "recommended-client-protocols", when present.
    public let recommendedClientProtocols: ProtocolVersions?
    /// "recommended-relay-protocols", when present.
    public let recommendedRelayProtocols: ProtocolVersions?
    /// "required-client-protocols", when present.
    public let requiredClientProtocols: ProtocolVersions?
    /// "required-relay-protocols", when present.
    public let requiredRelayProtocols: ProtocolVersions?
    /// "params": consensus parameters by name (param-spec.txt); empty when absent.
    public let parameters: [String: Int32]
    /// "shared-rand-previous-value", when present.
    public let sharedRandomPrevious: SharedRandomValue?
    /// "shared-rand-current-value", when present.
    public let sharedRandomCurrent: SharedRandomValue?
    /// The authority section, in document order.
    public let directorySources: [DirectorySource]
    /// The router status entries, in ascending order of RSA identity.
    public let routers: [RouterStatus]
    /// "bandwidth-weights" by name (path-spec weights, in units of "bwweightscale").
    public let bandwidthWeights: [String: Int32]
    /// The "directory-signature" items, in document order.
    public let signatures: [DirectorySignature]
    /// The signed digest for each known algorithm that some signature uses.
    public let signedDigests: [SignatureAlgorithm: [UInt8]]

    /// Parses a microdesc consensus (as /tor/status-vote/current/consensus-microdesc serves it).
    ///
    /// Checks the document's form; it checks no signature and no time.
    public init(parsing bytes: [UInt8]) throws(DirectoryError) {
        let parsed = try MicrodescConsensusParser(bytes)
        self.bytes = bytes
        consensusMethod = parsed.consensusMethod
        validAfter = parsed.validAfter
        freshUntil = parsed.freshUntil
        validUntil = parsed.validUntil
        votingDelay = parsed.votingDelay
        clientVersions = parsed.clientVersions
        serverVersions = parsed.serverVersions
        knownFlags = parsed.knownFlags
        recommendedClientProtocols = parsed.protocols["recommended-client-protocols"]
        recommendedRelayProtocols = parsed.protocols["recommended-relay-protocols"]
        requiredClientProtocols = parsed.protocols["required-client-protocols"]
        requiredRelayProtocols = parsed.protocols["required-relay-protocols"]
        parameters = parsed.parameters
        sharedRandomPrevious = parsed.sharedRandomPrevious
        sharedRandomCurrent = parsed.sharedRandomCurrent
        directorySources = parsed.directorySources
        routers = parsed.routers
        bandwidthWeights = parsed.bandwidthWeights
        signatures = parsed.signatures
        var digests: [SignatureAlgorithm: [UInt8]] = [:]
        for signature in parsed.signatures {
            guard digests[signature.algorithm] == nil, let algorithm = signature.algorithm.digestAlgorithm else { continue }
            digests[signature.algorithm] = Digest.hash(algorithm, Array(bytes[parsed.signedRange]))
        }
        signedDigests = digests
    }

    /// The digests of every listed microdescriptor, for matching a fetched batch.
    public var microdescriptorDigests: Set<MicrodescriptorDigest> {
        Set(routers.map(\.microdescriptorDigest))
    }

    /// The consensus parameter `name`, or `defaultValue` when absent, clamped to
    /// `minimum...maximum` (param-spec.txt gives each parameter its range).
    public func parameter(_ name: String, default defaultValue: Int32, minimum: Int32, maximum: Int32) -> Int32 {
        guard let value = parameters[name] else { return defaultValue }
        return min(max(value, minimum), maximum)
    }
}
