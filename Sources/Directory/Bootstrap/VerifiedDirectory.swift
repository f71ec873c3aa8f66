/// What bootstrapping yields: a verified consensus, the certificates that verified it, and
/// the microdescriptors it lists that this client holds (each matched to its digest).
///
/// Invariant: every microdescriptor's digest is listed in ``consensus``; the consensus was
/// verified at the time it was accepted. Path selection builds its network view from this.
public struct VerifiedDirectory: Sendable {
    /// The consensus.
    public let consensus: VerifiedMicrodescConsensus
    /// The authority key certificates held (for the signers and others configured).
    public let certificates: [VerifiedAuthorityKeyCertificate]
    /// Microdescriptors by digest, only those the consensus lists.
    public let microdescriptors: [MicrodescriptorDigest: Microdescriptor]

    /// A directory from its verified parts; microdescriptors the consensus does not list are dropped.
    public init(
        consensus: VerifiedMicrodescConsensus, certificates: [VerifiedAuthorityKeyCertificate],
        microdescriptors: [MicrodescriptorDigest: Microdescriptor]
    ) {
        let listed = consensus.consensus.microdescriptorDigests
        self.consensus = consensus
        self.certificates = certificates
        self.microdescriptors = microdescriptors.filter { listed.contains($0.key) }
    }

    /// Digests the consensus lists whose microdescriptor is not held.
    public var missingMicrodescriptors: Set<MicrodescriptorDigest> {
        consensus.consensus.microdescriptorDigests.subtracting(microdescriptors.keys)
    }

    /// The share of listed relays whose microdescriptor is held, 0 to 1 (1 for an empty consensus).
    public var descriptorFraction: Double {
        let total = consensus.consensus.microdescriptorDigests.count
        return total == 0 ? 1 : Double(microdescriptors.count) / Double(total)
    }

    /// The microdescriptor of `router`, when held.
    public func microdescriptor(for router: RouterStatus) -> Microdescriptor? {
        microdescriptors[router.microdescriptorDigest]
    }
}
