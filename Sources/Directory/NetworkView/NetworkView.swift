import TorCore

/// What this client knows of the Tor network at one moment: a verified microdesc consensus
/// joined with the microdescriptors it lists (dir-spec 3.4.1, 3.3; path-spec 2.1.0).
///
/// Immutable and `Sendable`: path selection and the guard manager read one snapshot while the
/// directory code builds the next, and a ``NetworkViewStore`` swaps them.
///
/// Invariant: ``relays`` holds exactly the consensus entries whose microdescriptor is known,
/// in consensus order (ascending RSA identity); every other entry is in
/// ``relaysWithoutMicrodescriptor`` and is never used for a circuit.
public struct NetworkView: Sendable {
    /// The relays usable for circuits, in consensus order.
    public let relays: [Relay]
    /// Consensus entries whose microdescriptor is missing (not fetched yet, or the fetched one
    /// was rejected), or whose address is not IPv4: listed, but not usable for circuits.
    public let relaysWithoutMicrodescriptor: [RouterStatus]
    /// The consensus "bandwidth-weights" with its "bwweightscale".
    public let bandwidthWeights: BandwidthWeights
    /// The consensus "params" (param-spec.txt); read them with ``parameter(_:default:minimum:maximum:)``.
    public let parameters: [String: Int32]
    /// Start of the consensus interval, Unix seconds.
    public let validAfter: Int64
    /// When a newer consensus is expected, Unix seconds.
    public let freshUntil: Int64
    /// End of the consensus interval, Unix seconds.
    public let validUntil: Int64

    private let indexByRSAIdentity: [RelayFingerprint: Int]
    private let indexByEd25519Identity: [[UInt8]: Int]
    private let listedIdentities: [RelayFingerprint: RouterFlags]

    /// Joins a verified consensus with microdescriptors keyed by digest (as
    /// ``MicrodescriptorBatch/matched(against:)`` returns them; several batches may be merged).
    /// A microdescriptor stored under a digest that is not its own is ignored.
    public init(consensus verified: VerifiedMicrodescConsensus, microdescriptors: [MicrodescriptorDigest: Microdescriptor]) {
        let consensus = verified.consensus
        var relays: [Relay] = []
        var missing: [RouterStatus] = []
        for status in consensus.routers {
            if let descriptor = microdescriptors[status.microdescriptorDigest],
               let relay = Relay(status: status, microdescriptor: descriptor) {
                relays.append(relay)
            } else {
                missing.append(status)
            }
        }
        self.init(
            relays: relays, relaysWithoutMicrodescriptor: missing,
            bandwidthWeights: BandwidthWeights(
                weights: consensus.bandwidthWeights, scaleParameter: consensus.parameters["bwweightscale"]),
            parameters: consensus.parameters, validAfter: consensus.validAfter,
            freshUntil: consensus.freshUntil, validUntil: consensus.validUntil)
    }

    /// A view from explicit parts: a synthetic network for tests, or a rebuilt one.
    public init(
        relays: [Relay], relaysWithoutMicrodescriptor: [RouterStatus] = [],
        bandwidthWeights: BandwidthWeights, parameters: [String: Int32] = [:],
        validAfter: Int64, freshUntil: Int64, validUntil: Int64
    ) {
        self.relays = relays
        self.relaysWithoutMicrodescriptor = relaysWithoutMicrodescriptor
        self.bandwidthWeights = bandwidthWeights
        self.parameters = parameters
        self.validAfter = validAfter
        self.freshUntil = freshUntil
        self.validUntil = validUntil
        var byRSA: [RelayFingerprint: Int] = [:]
        var byEd: [[UInt8]: Int] = [:]
        var listed: [RelayFingerprint: RouterFlags] = [:]
        for (index, relay) in relays.enumerated() {
            // A consensus lists each identity once; if a synthetic view repeats one, the
            // first entry wins, as in the consensus order.
            if byRSA[relay.rsaIdentity] == nil { byRSA[relay.rsaIdentity] = index }
            if let ed = relay.ed25519Identity, byEd[ed] == nil { byEd[ed] = index }
            listed[relay.rsaIdentity] = listed[relay.rsaIdentity] ?? relay.flags
        }
        for status in relaysWithoutMicrodescriptor {
            guard let identity = RelayFingerprint(digestBytes: status.rsaIdentity) else { continue }
            listed[identity] = listed[identity] ?? status.flags
        }
        indexByRSAIdentity = byRSA
        indexByEd25519Identity = byEd
        listedIdentities = listed
    }

    /// The usable relay with this RSA identity, or nil (unlisted, or its microdescriptor missing).
    public func relay(rsaIdentity: RelayFingerprint) -> Relay? {
        indexByRSAIdentity[rsaIdentity].map { relays[$0] }
    }

    /// The usable relay with this Ed25519 identity, or nil.
    public func relay(ed25519Identity: [UInt8]) -> Relay? {
        indexByEd25519Identity[ed25519Identity].map { relays[$0] }
    }

    /// The consensus flags of any listed relay, with or without its microdescriptor; nil when
    /// the consensus does not list `rsaIdentity`.
    public func listedFlags(rsaIdentity: RelayFingerprint) -> RouterFlags? {
        listedIdentities[rsaIdentity]
    }

    /// The digests of the microdescriptors still to fetch.
    public var missingMicrodescriptorDigests: Set<MicrodescriptorDigest> {
        Set(relaysWithoutMicrodescriptor.map(\.microdescriptorDigest))
    }

    /// The consensus parameter `name`, or `defaultValue` when absent, clamped to
    /// `minimum...maximum` (param-spec.txt gives each parameter its range).
    public func parameter(_ name: String, default defaultValue: Int32, minimum: Int32, maximum: Int32) -> Int32 {
        guard let value = parameters[name] else { return defaultValue }
        return min(max(value, minimum), maximum)
    }

    /// True from valid-after through valid-until (dir-spec 5.1: a "live" consensus).
    public func isLive(atUnixTime now: Int64) -> Bool {
        validAfter <= now && now <= validUntil
    }
}
