import NIOCore
import Testing
@testable import TorCore

/// The wire formats against bytes a real tor 0.4.9 relay sent, and bytes it accepted from an
/// independent client (see scripts/vectors/capture_relay_cells.py, which also checked the certificate
/// signatures over exactly the bytes ``Ed25519Certificate/signedBytes`` and
/// ``RSACrosscert/signedBytes`` name).
@Suite struct CapturedRelayTests {
    typealias Vectors = CapturedRelayVectors
    let codec = CellCodec(linkProtocol: 4)

    func cell(_ vector: String, codec: CellCodec) throws -> Cell {
        var input = buffer(vector)
        let cell = try #require(try codec.decode(from: &input))
        #expect(input.readableBytes == 0)
        var output = ByteBuffer()
        try codec.encode(cell, into: &output)
        #expect(bytes(output) == hex(vector), "\(cell.command) re-encodes byte-exact")
        return cell
    }

    @Test func versionsBothWays() throws {
        let relay = try cell(Vectors.relayVersionsCell, codec: .handshake).message(as: VersionsMessage.self)
        #expect(relay.versions == [3, 4, 5])
        let ours = try Cell(circuitID: .zero, message: VersionsMessage(versions: [3, 4, 5]))
        var output = ByteBuffer()
        try CellCodec.handshake.encode(ours, into: &output)
        #expect(bytes(output) == hex(Vectors.clientVersionsCell))
    }

    @Test func theCodecSwitchesWidthRightAfterTheFirstVersionsCell() throws {
        // The relay's VERSIONS and CERTS arriving in one read.
        var input = buffer(Vectors.relayVersionsCell + Vectors.relayCertsCell)
        let versions = try #require(try CellCodec.handshake.decode(from: &input))
        let negotiated = try #require(versions.message(as: VersionsMessage.self)
            .highestCommonVersion(with: VersionsMessage(versions: VersionsMessage.clientVersions)))
        #expect(negotiated == 5)
        let certs = try #require(try CellCodec(linkProtocol: negotiated).decode(from: &input))
        #expect(certs.command == .certs && certs.circuitID == .zero)
        #expect(input.readableBytes == 0)
    }

    @Test func theRestOfTheRelaysHandshakeDripFed() throws {
        let wire = hex(Vectors.relayCertsCell + Vectors.relayAuthChallengeCell + Vectors.relayNetinfoCell)
        var input = ByteBuffer()
        var commands: [CellCommand] = []
        for byte in wire {
            input.writeInteger(byte)
            if let cell = try codec.decode(from: &input) { commands.append(cell.command) }
        }
        #expect(commands == [.certs, .authChallenge, .netinfo])
    }

    @Test func certsFromARelay() throws {
        let certs = try cell(Vectors.relayCertsCell, codec: codec).message(as: CertsMessage.self)
        #expect(certs.certificates.map(\.type) == [.linkX509, .rsaIdentityX509, .ed25519IdentitySigning,
                                                   .ed25519SigningLink, .rsaEd25519Crosscert])
        #expect(try encoded(certs) == Array(hex(Vectors.relayCertsCell).dropFirst(7)))

        let identitySigning = try Ed25519Certificate(bytes: try #require(certs.certificate(ofType: .ed25519IdentitySigning)))
        #expect(identitySigning.certType == .ed25519IdentitySigning)
        #expect(identitySigning.certifiedKeyType == Ed25519Certificate.certifiedKeyEd25519)
        #expect(identitySigning.signingKey == hex(Vectors.ed25519Identity))
        #expect(identitySigning.extensions.map(\.flags) == [[]])
        #expect(identitySigning.signedBytes == Array(identitySigning.bytes.dropLast(64)))
        #expect(identitySigning.encode() == certs.certificate(ofType: .ed25519IdentitySigning))

        let signingLink = try Ed25519Certificate(bytes: try #require(certs.certificate(ofType: .ed25519SigningLink)))
        #expect(signingLink.certType == .ed25519SigningLink)
        #expect(signingLink.certifiedKeyType == Ed25519Certificate.certifiedKeySHA256OfX509)
        #expect(signingLink.certifiedKey == hex(Vectors.tlsCertificateSHA256))
        #expect(signingLink.signingKey == nil)

        let crosscert = try RSACrosscert(bytes: try #require(certs.certificate(ofType: .rsaEd25519Crosscert)))
        #expect(crosscert.ed25519Key == hex(Vectors.ed25519Identity))
        #expect(crosscert.signature.count == 128)
        #expect(crosscert.encode() == certs.certificate(ofType: .rsaEd25519Crosscert))

        // The capture ran on 2026-11-23; every certificate was valid then.
        let captureTime: Int64 = 1_795_400_000
        #expect(!identitySigning.isExpired(atUnixTime: captureTime))
        #expect(!signingLink.isExpired(atUnixTime: captureTime))
        #expect(!crosscert.isExpired(atUnixTime: captureTime))
    }

    @Test func authChallengeAndNetinfoFromARelay() throws {
        let challenge = try cell(Vectors.relayAuthChallengeCell, codec: codec).message(as: AuthChallengeMessage.self)
        #expect(challenge.methods == [AuthChallengeMessage.methodEd25519SHA256RFC5705])
        #expect(try encoded(challenge) == Array(hex(Vectors.relayAuthChallengeCell).dropFirst(7)))

        let netinfo = try cell(Vectors.relayNetinfoCell, codec: codec).message(as: NetinfoMessage.self)
        #expect(netinfo.otherAddress == .ipv4(IPv4Address(127, 0, 0, 1)))
        #expect(netinfo.myAddresses == [])
        #expect(netinfo.timestamp > 1_795_000_000)
    }

    @Test func ourNetinfoAndCreateFastAreWhatTheRelayAccepted() throws {
        var output = ByteBuffer()
        let netinfo = NetinfoMessage(timestamp: 0, otherAddress: .ipv4(IPv4Address(127, 0, 0, 1)), myAddresses: [])
        try codec.encode(try Cell(circuitID: .zero, message: netinfo), into: &output)
        #expect(bytes(output) == hex(Vectors.clientNetinfoCell))

        output.clear()
        let createFast = CreateFastMessage(keyMaterial: hex(Vectors.createFastX))
        try codec.encode(try Cell(circuitID: CircuitID(rawValue: 0x8000_0001), message: createFast), into: &output)
        #expect(bytes(output) == hex(Vectors.clientCreateFastCell))

        let created = try cell(Vectors.relayCreatedFastCell, codec: codec)
        #expect(created.circuitID == CircuitID(rawValue: 0x8000_0001))
        let reply = try created.message(as: CreatedFastMessage.self)
        #expect(reply.keyMaterial == Array(hex(Vectors.relayCreatedFastCell)[5..<25]))
        #expect(reply.derivativeKeyData == Array(hex(Vectors.relayCreatedFastCell)[25..<45]))
    }

    @Test func ourRelayPayloadsAreWhatTheRelayAccepted() throws {
        func payload(_ cell: RelayCell) throws -> [UInt8] {
            var output = ByteBuffer()
            try cell.encode(into: &output)
            return bytes(output)
        }
        #expect(try payload(RelayCell(command: .beginDir, streamID: 1)) == hex(Vectors.clientBeginDirPayload))
        let get = ByteBuffer(string: "GET /tor/server/authority HTTP/1.0\r\n\r\n")
        #expect(try payload(RelayCell(command: .data, streamID: 1, data: get)) == hex(Vectors.clientDataPayload))
        #expect(try payload(RelayCell(streamID: 2, message: ResolveMessage(hostname: "localhost"))) == hex(Vectors.clientResolvePayload))
        #expect(try payload(RelayCell(streamID: 3, message: BeginMessage(address: "127.0.0.1", port: 80))) == hex(Vectors.clientBeginPayload))
    }

    /// Decodes a relay's plaintext payload and checks it re-encodes to the same bytes, apart
    /// from the digest (which relay crypto writes) and with the relay's own random padding.
    func relayCell(_ vector: String) throws -> RelayCell {
        let wire = hex(vector)
        let cell = try RelayCell.decode(payload: ByteBuffer(bytes: wire))
        let dataEnd = RelayCell.headerLength + cell.data.readableBytes
        #expect(wire[dataEnd..<min(dataEnd + 4, wire.count)].allSatisfy { $0 == 0 }, "the relay pads with 4 zeros first")
        var output = ByteBuffer()
        try cell.encode(into: &output) { random in
            random.copyBytes(from: wire.suffix(random.count))
        }
        var expected = wire
        expected.replaceSubrange(RelayCellHeader.digestOffset..<RelayCellHeader.digestOffset + 4, with: [0, 0, 0, 0])
        #expect(bytes(output) == expected)
        return cell
    }

    @Test func relayMessagesFromARelay() throws {
        let connected = try relayCell(Vectors.relayConnectedPayload)
        #expect(connected.command == .connected && connected.streamID == 1)
        #expect(try connected.message(as: ConnectedMessage.self) == ConnectedMessage())

        let data = try relayCell(Vectors.relayDataPayload)
        #expect(data.command == .data)
        #expect(data.data.getString(at: data.data.readerIndex, length: 12) == "HTTP/1.0 404")

        let end = try relayCell(Vectors.relayEndPayload).message(as: EndMessage.self)
        #expect(end == EndMessage(reason: .done))

        // A non-exit relay answers RESOLVE with one nontransient error, TTL 60.
        let resolved = try relayCell(Vectors.relayResolveAnswerPayload)
        #expect(resolved.streamID == 2)
        let answers = try resolved.message(as: ResolvedMessage.self).answers
        #expect(answers == [ResolvedAnswer(.nontransientError(Array("Error resolving hostname".utf8)), ttl: 60)])
        #expect(try encoded(ResolvedMessage(answers: answers)) == bytes(resolved.data))

        // BEGIN on the first hop of a circuit is refused (tor-spec 5.4) with END TORPROTOCOL.
        let refused = try relayCell(Vectors.relayBeginAnswerPayload)
        #expect(refused.streamID == 3)
        #expect(try refused.message(as: EndMessage.self).reason == .torProtocol)
    }
}
