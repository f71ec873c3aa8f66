import TorCore

/// The rules that keep the relays of one path apart (path-spec 2.2): never the same relay
/// twice, never two of one family, and never two in one IPv4 /16 unless EnforceDistinctSubnets
/// is 0.
public struct PathRestrictions: Sendable, Equatable {
    /// Whether two relays in one /16 may not share a path (`EnforceDistinctSubnets`).
    public var enforceDistinctSubnets: Bool

    /// Restrictions with the /16 rule on or off.
    public init(enforceDistinctSubnets: Bool) {
        self.enforceDistinctSubnets = enforceDistinctSubnets
    }

    /// The restrictions a torrc asks for: `EnforceDistinctSubnets`, which the configuration
    /// already turns off under `TestingTorNetwork 1` unless set (all relays of a private
    /// network share 127.0.0.1).
    public init(configuration: TorConfiguration) {
        self.init(enforceDistinctSubnets: configuration.enforceDistinctSubnets)
    }

    /// True when `first` and `second` must not both be on one path.
    public func conflict(_ first: Relay, _ second: Relay) -> Bool {
        if first.rsaIdentity == second.rsaIdentity { return true }
        if let ed = first.ed25519Identity, ed == second.ed25519Identity { return true }
        if first.isInSameFamily(as: second) { return true }
        return enforceDistinctSubnets && first.isInSameSubnet(as: second)
    }

    /// True when `relay` conflicts with none of `others`.
    public func allows(_ relay: Relay, alongside others: [Relay]) -> Bool {
        !others.contains { conflict(relay, $0) }
    }
}

extension Relay {
    /// Prefix length of the subnet two relays may not share (path-spec 2.2; tor(1)
    /// EnforceDistinctSubnets: "the same /16 range").
    public static let distinctSubnetPrefixLength = 16

    /// True when the two relays are one family (path-spec 2.2): they share a "family-ids"
    /// identity, or each lists the other's fingerprint in its "family" line. A one-sided claim
    /// does not count, or any relay could exclude any other from paths with it.
    public func isInSameFamily(as other: Relay) -> Bool {
        // Most relays declare no family: skip the set work for them.
        if !familyIdentities.isEmpty, !other.familyIdentities.isEmpty,
           !familyIdentities.isDisjoint(with: other.familyIdentities) { return true }
        guard !family.isEmpty, !other.family.isEmpty else { return false }
        return family.contains(other.rsaIdentity) && other.family.contains(rsaIdentity)
    }

    /// True when both IPv4 addresses lie in one /16.
    public func isInSameSubnet(as other: Relay) -> Bool {
        let shift = UInt32(32 - Self.distinctSubnetPrefixLength)
        return address.rawValue >> shift == other.address.rawValue >> shift
    }
}
