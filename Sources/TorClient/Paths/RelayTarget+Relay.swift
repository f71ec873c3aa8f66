import Circuit
import Directory
import TorCore

extension RelayTarget {
    /// The circuit layer's description of a relay the verified network view lists: its IPv4
    /// address and ORPort from the consensus "r" line, its RSA identity digest, and the
    /// Ed25519 identity and ntor onion key of its microdescriptor (dir-spec 3.4.1, 3.3). With
    /// the Ed25519 identity, EXTEND2 names both identities and the link handshake checks both
    /// (tor-spec 5.1.2).
    ///
    /// - Throws: `circuit.badPath` when a key has the wrong length, which a verified view
    ///   never holds.
    public init(relay: Relay) throws {
        try self.init(
            address: relay.address, orPort: relay.orPort, rsaIdentity: relay.rsaIdentity.bytes,
            ed25519Identity: relay.ed25519Identity, ntorOnionKey: relay.ntorOnionKey)
    }
}

extension RelayTarget {
    /// The target for `relay` as the exit of a circuit: it negotiates congestion control
    /// (prop 324 10.1) when the consensus's cc_alg is nonzero and the exit lists FlowCtrl=2
    /// (congestion control) and Relay=4 (ntor v3) and has an Ed25519 identity; otherwise it
    /// is ``init(relay:)``.
    public init(exit relay: Relay, congestionControl: CongestionControlParameters) throws {
        try self.init(relay: relay)
        if congestionControl.isEnabled, relay.supportsCongestionControl, ed25519Identity != nil {
            self.congestionControl = congestionControl
        }
    }
}

extension Relay {
    /// True when the relay's protocols list FlowCtrl=2 and Relay=4: it can negotiate
    /// congestion control over ntor v3 (prop 324 10.1, proposal 332).
    public var supportsCongestionControl: Bool {
        guard let protocols else { return false }
        return protocols.supports("FlowCtrl", version: 2) && protocols.supports("Relay", version: 4)
    }

    /// The key of this relay's circuit breaker and pooled channel: its RSA identity in upper-case
    /// hex, the same string as ``RelayTarget/fingerprint``.
    public var breakerKey: String { rsaIdentity.description }
}
