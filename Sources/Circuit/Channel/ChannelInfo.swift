import TorCore

/// What a finished link handshake established about a channel (tor-spec 4): the link
/// protocol, who the relay proved to be, and what its NETINFO said.
///
/// Handed out once by ``LinkHandshakeHandler`` (as a user inbound event and through
/// ``ORConnector/open(to:group:timeout:now:)``). A plain value: safe to pass to the control plane.
public struct ChannelInfo: Sendable, Hashable {
    /// The negotiated link protocol: 4 or 5 with tor 0.4.9 relays (tor-spec 4.1).
    public let linkProtocol: UInt16
    /// The identity the relay proved in its CERTS cell (tor-spec 4.2).
    public let relayIdentity: VerifiedRelayIdentity
    /// The relay's clock in its NETINFO cell, Unix seconds (tor-spec 4.5).
    public let relayTimestamp: UInt32
    /// Our clock when that NETINFO arrived, Unix seconds.
    public let receivedAt: Int64
    /// The address the relay sees us at (NETINFO's OTHERADDR). Unverified: a relay can lie
    /// (tor-spec 4.5), and it identifies the user, so log it only through `Redacted`.
    public let observedAddress: NetinfoAddress
    /// The addresses the relay claims as its own (NETINFO's MYADDRs).
    public let relayAddresses: [NetinfoAddress]

    /// Creates the record; ``LinkHandshakeStateMachine`` fills it in.
    public init(
        linkProtocol: UInt16, relayIdentity: VerifiedRelayIdentity, relayTimestamp: UInt32,
        receivedAt: Int64, observedAddress: NetinfoAddress, relayAddresses: [NetinfoAddress]
    ) {
        self.linkProtocol = linkProtocol
        self.relayIdentity = relayIdentity
        self.relayTimestamp = relayTimestamp
        self.receivedAt = receivedAt
        self.observedAddress = observedAddress
        self.relayAddresses = relayAddresses
    }

    /// The relay's clock minus ours, in seconds, at the time its NETINFO arrived (positive when
    /// the relay is ahead); nil when the relay sent no time. Tor relays send their real time,
    /// so a large skew hints that this computer's clock is wrong (tor-spec 4.5: a hint only).
    public var clockSkew: Int64? {
        relayTimestamp == 0 ? nil : Int64(relayTimestamp) - receivedAt
    }
}
