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

extension Relay {
    /// The key of this relay's circuit breaker and pooled channel: its RSA identity in upper-case
    /// hex, the same string as ``RelayTarget/fingerprint``.
    public var breakerKey: String { rsaIdentity.description }
}
