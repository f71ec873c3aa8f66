import TorCore

/// A relay to open a channel to: where its ORPort listens and which identity it must prove
/// (tor-spec 4.2). What a consensus entry or a bridge line gives a client.
public struct ChannelTarget: Sendable, Hashable, CustomStringConvertible {
    /// The ORPort's IP address and port.
    public let address: RelayAddress
    /// The identity the relay must prove in its CERTS cell.
    public let identity: RelayIdentity

    /// A target at `address` that must prove `identity`.
    public init(address: RelayAddress, identity: RelayIdentity) {
        self.address = address
        self.identity = identity
    }

    /// Address and identity, both redacted unless safe logging is off: together they say
    /// which relay a user talks to.
    public var description: String { "\(Redacted(address)) \(Redacted(identity))" }
}
