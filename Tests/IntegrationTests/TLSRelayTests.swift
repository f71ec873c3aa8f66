import Circuit
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorCore

/// Our TLS channel against a real tor 0.4.9 relay: TLS handshake, then the start of the
/// in-protocol link handshake (tor-spec §4): we send VERSIONS, the relay answers VERSIONS,
/// CERTS, AUTH_CHALLENGE and NETINFO. Cells are parsed minimally here; the cell codec is
/// tested in its own suite.
@Suite(.serialized) struct TLSRelayTests {
    /// VERSIONS offering link protocols 4 and 5: circuit ID 0 (2 bytes, §4.1), command 7,
    /// length 4, versions 4 and 5.
    static let versionsCell: [UInt8] = [0x00, 0x00, 0x07, 0x00, 0x04, 0x00, 0x04, 0x00, 0x05]

    @Test(.timeLimit(.minutes(2)))
    func relayAnswersVersionsOverOurTLSChannel() async throws {
        let relay = try await StandaloneRelay.start()
        defer { relay.stop() }
        let collector = LinkReplyCollector.Outcome()

        // VERSIONS is written before TCP even connects, so it waits in the TLS handler's
        // buffer until the handshake is done: the path the link handshake will take.
        let channel = try await ORConnector.connect(
            host: "127.0.0.1", port: relay.orPort, group: MultiThreadedEventLoopGroup.singleton,
            timeout: .seconds(30)
        ) { channel in
            try channel.pipeline.syncOperations.addHandler(LinkReplyCollector(outcome: collector, expectedCells: 4))
            channel.writeAndFlush(ByteBuffer(bytes: Self.versionsCell), promise: nil)
        }.get()
        let handshake = try await collector.handshake.futureResult.get()
        let cells = try await collector.cells.futureResult.get()

        let certificate = handshake.peerCertificateDER
        #expect(certificate.count > 300, "an RSA-2048 certificate")
        // DER X.509: a SEQUENCE (0x30) with a two-byte long-form length covering the rest.
        #expect(certificate.prefix(2) == [0x30, 0x82])
        #expect(certificate.count >= 4 && 4 + (Int(certificate[2]) << 8 | Int(certificate[3])) == certificate.count)
        #expect(handshake.protocolVersion == "TLSv1.3")

        try Self.expectLinkHandshakeReply(cells, tlsCertificate: certificate)
        try await channel.close()
        #expect(!channel.isActive)
    }

    @Test(.timeLimit(.minutes(2)))
    func relayAcceptsTLS12AndServerNameVariants() async throws {
        let relay = try await StandaloneRelay.start()
        defer { relay.stop() }
        let variants: [(maximum: TLSEngine.ProtocolVersion, serverName: String?, expected: String)] = [
            (.tls12, nil, "TLSv1.2"),
            (.tls13, "www.example.com", "TLSv1.3"),
        ]
        for variant in variants {
            let collector = LinkReplyCollector.Outcome()
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let engine = try TLSEngine(serverName: variant.serverName, maximumVersion: variant.maximum)
                        try channel.pipeline.syncOperations.addHandlers(
                            TLSChannelHandler(engine: engine, handshakeTimeout: .seconds(30)),
                            LinkReplyCollector(outcome: collector, expectedCells: 4, sendOnHandshake: Self.versionsCell))
                    }
                }
                .connect(host: "127.0.0.1", port: relay.orPort).get()
            let handshake = try await collector.handshake.futureResult.get()
            #expect(handshake.protocolVersion == variant.expected)
            #expect(!handshake.peerCertificateDER.isEmpty)
            try Self.expectLinkHandshakeReply(try await collector.cells.futureResult.get(), tlsCertificate: handshake.peerCertificateDER)
            print("relay accepted \(handshake.protocolVersion) \(handshake.cipherSuite), SNI \(variant.serverName ?? "none")")
            try await channel.close()
        }
    }

    /// VERSIONS, CERTS, AUTH_CHALLENGE, NETINFO as tor-spec §4 lays them out.
    static func expectLinkHandshakeReply(_ cells: [TestCell], tlsCertificate: [UInt8]) throws {
        try #require(cells.count == 4)
        let versions = cells[0]
        #expect(versions.command == 7 && versions.circuitID == 0 && versions.payload.count % 2 == 0)
        let offered = stride(from: 0, to: versions.payload.count, by: 2).map {
            UInt16(versions.payload[$0]) << 8 | UInt16(versions.payload[$0 + 1])
        }
        #expect(offered.contains(4) || offered.contains(5), "relay versions \(offered)")

        let certs = cells[1]
        #expect(certs.command == 129 && certs.circuitID == 0)
        let entries = try #require(TestCell.certificateEntries(certs.payload), "CERTS payload must parse exactly")
        // Type 1 is the relay's link certificate: the very certificate it presented in TLS
        // (tor-spec §4.2), the binding a client relies on instead of a CA.
        #expect(entries.first { $0.type == 1 }?.body == tlsCertificate)
        print("relay versions \(offered); CERTS types \(entries.map(\.type))")

        let challenge = cells[2]
        #expect(challenge.command == 130 && challenge.circuitID == 0)
        #expect(challenge.payload.count >= 34)
        let methods = challenge.payload.count >= 34 ? Int(challenge.payload[32]) << 8 | Int(challenge.payload[33]) : -1
        #expect(challenge.payload.count == 34 + 2 * methods)

        let netinfo = cells[3]
        #expect(netinfo.command == 8 && netinfo.circuitID == 0 && netinfo.payload.count == 509)
        // Time (4 bytes), then the address the relay sees us at: IPv4 (type 4, length 4) 127.0.0.1.
        #expect(Array(netinfo.payload[4..<10]) == [4, 4, 127, 0, 0, 1])
    }
}
