import Circuit
import NIOCore
import Testing
import TorCore

/// ``LinkHandshakeStateMachine`` fed by ``LinkCellFramer`` with hand-made relay cells
/// (tor-spec 4). Real relays: IntegrationTests/LinkHandshakeTests.
@Suite struct LinkHandshakeStateMachineTests {
    @Test func startsWithVersionsOfferingFourAndFiveOnTwoByteCircuitIDs() throws {
        let driver = HandshakeDriver()
        guard case .send(let cells) = try #require(driver.actions.first) else {
            Issue.record("expected our VERSIONS cell first, got \(driver.actions)")
            return
        }
        var bytes = ByteBuffer()
        try CellCodec.handshake.encode(try #require(cells.first), into: &bytes)
        // Circuit ID 0 (2 bytes), VERSIONS (7), length 4, versions 4 and 5 (tor-spec 4.1).
        #expect(Array(bytes.readableBytesView) == [0, 0, 7, 0, 4, 0, 4, 0, 5])
        #expect(cells.count == 1)
    }

    @Test func completesAndAnswersNetinfoWithTheRelaysAddressOnly() throws {
        var driver = HandshakeDriver()
        let transcript = RelayTranscript()
        try driver.feed(transcript.allBytes)
        let (send, info) = try #require(driver.completion)
        #expect(driver.failure == nil)
        #expect(info.linkProtocol == 5)
        #expect(info.relayIdentity.rsaFingerprint == TestRelayKeys.rsaIdentityKey.publicKey.fingerprint)
        #expect(info.relayIdentity.ed25519Identity == TestRelayKeys.ed25519Identity.publicKey)
        #expect(info.relayTimestamp == transcript.relayTime)
        #expect(info.receivedAt == TestRelayKeys.now)
        #expect(info.clockSkew == -3)
        #expect(info.observedAddress == transcript.observedClient)
        #expect(info.relayAddresses == [transcript.relayAddress])
        #expect(driver.machine.channelInfo == info)

        let reply = try #require(send.first)
        #expect(send.count == 1 && reply.circuitID == .zero)
        let netinfo = try reply.message(as: NetinfoMessage.self)
        #expect(netinfo == NetinfoMessage(timestamp: 0, otherAddress: RelayTranscript.relaySocket, myAddresses: []))
    }

    @Test func versionsAndCertsInOneReadAreFramedWithTheirOwnCodecs() throws {
        let transcript = RelayTranscript()
        var framer = LinkCellFramer()
        var buffer = ByteBuffer(bytes: RelayTranscript.bytes([transcript.versionsCell, transcript.certsCell]))
        let versions = try #require(try framer.nextCell(from: &buffer))
        #expect(versions.command == .versions && framer.linkProtocol == 5)
        #expect(framer.inboundCodec.circuitIDLength == 4)
        let certs = try #require(try framer.nextCell(from: &buffer))
        #expect(certs.command == .certs && certs.circuitID == .zero)
        #expect(try certs.message(as: CertsMessage.self) == transcript.certs)
        #expect(buffer.readableBytes == 0)
    }

    @Test func dripFedOneByteAtATime() throws {
        var driver = HandshakeDriver()
        for byte in RelayTranscript().allBytes {
            #expect(driver.completion == nil)
            try driver.feed([byte])
        }
        #expect(driver.framed == [.versions, .certs, .authChallenge, .netinfo])
        #expect(driver.completion?.info.linkProtocol == 5)
    }

    @Test func takesTheHighestCommonVersion() throws {
        var driver = HandshakeDriver()
        var transcript = RelayTranscript()
        transcript.versions = [3, 4]
        try driver.feed(RelayTranscript.bytes(
            [transcript.versionsCell, transcript.certsCell, transcript.authChallengeCell, transcript.netinfoCell],
            linkProtocol: 4))
        #expect(driver.completion?.info.linkProtocol == 4)
    }

    @Test func noCommonVersionFailsAndStopsFraming() throws {
        var driver = HandshakeDriver()
        var transcript = RelayTranscript()
        transcript.versions = [2, 3]
        try driver.feed(transcript.allBytes)
        #expect(driver.failure?.code == .linkNoCommonVersion)
        #expect(driver.failure?.kind == .protocolViolation)
        #expect(driver.framed == [.versions], "nothing after VERSIONS can be framed")
        #expect(driver.framer.outboundCodec == nil)
    }

    @Test func anOddLengthVersionsCellIsMalformed() throws {
        var driver = HandshakeDriver()
        try driver.feed([0, 0, 7, 0, 3, 0, 4, 0])
        #expect(driver.failure?.code == .linkMalformedCell)
    }

    @Test func paddingIsDroppedAtEveryStep() throws {
        var driver = HandshakeDriver()
        let transcript = RelayTranscript()
        let vpadding = Cell(circuitID: .zero, command: .vpadding, payload: ByteBuffer(bytes: [1, 2, 3]))
        let padding = Cell(circuitID: .zero, command: .padding, payload: ByteBuffer())
        try driver.feed(RelayTranscript.bytes([vpadding], handshakeFramedFirst: true))
        try driver.feed(RelayTranscript.bytes([transcript.versionsCell]))
        for cell in [transcript.certsCell, transcript.authChallengeCell, transcript.netinfoCell] {
            try driver.feed(RelayTranscript.bytes([padding, vpadding, cell], handshakeFramedFirst: false))
        }
        #expect(driver.failure == nil)
        #expect(driver.completion != nil)
    }

    @Test func laterVersionsCellsAreIgnored() throws {
        var driver = HandshakeDriver()
        let transcript = RelayTranscript()
        try driver.feed(RelayTranscript.bytes([transcript.versionsCell, transcript.versionsCell, transcript.certsCell, transcript.versionsCell]))
        try driver.feed(RelayTranscript.bytes([transcript.netinfoCell], handshakeFramedFirst: false))
        #expect(driver.completion != nil, "AUTH_CHALLENGE is optional for a client that does not authenticate")
    }

    @Test(arguments: [
        ("a cell before VERSIONS", [CellCommand.certs]),
        ("NETINFO before CERTS", [.versions, .netinfo]),
        ("CREATED_FAST during the handshake", [.versions, .certs, .createdFast]),
        ("a second AUTH_CHALLENGE", [.versions, .certs, .authChallenge, .authChallenge]),
    ])
    func anUnexpectedCellIsAProtocolViolation(_ name: String, _ commands: [CellCommand]) throws {
        let transcript = RelayTranscript()
        var driver = HandshakeDriver()
        for command in commands {
            switch command {
            case .versions: driver.feed(transcript.versionsCell)
            case .certs: driver.feed(transcript.certsCell)
            case .authChallenge: driver.feed(transcript.authChallengeCell)
            case .netinfo: driver.feed(transcript.netinfoCell)
            default: driver.feed(Cell(circuitID: 1, command: command, payload: ByteBuffer()))
            }
        }
        #expect(driver.failure?.code == .linkUnexpectedCell, "\(name)")
        #expect(driver.failure?.kind == .protocolViolation)
    }

    @Test func certsBeforeTheTLSCertificateIsKnownFails() throws {
        var driver = HandshakeDriver(tlsCertificate: nil)
        try driver.feed(RelayTranscript().allBytes)
        #expect(driver.failure?.code == .linkMissingTLSCertificate)
    }

    @Test func aCertsCheckFailureEndsTheHandshakeWithItsCode() throws {
        var driver = HandshakeDriver()
        var transcript = RelayTranscript()
        transcript.certs = try { var builder = RelayCertsBuilder(); builder.omitted = [7]; return try builder.build() }()
        try driver.feed(transcript.allBytes)
        #expect(driver.failure?.code == .certsMissingCrosscert)
        #expect(driver.completion == nil)
        #expect(driver.actions.count == 2, "after failing, the machine ignores the rest: \(driver.actions)")
    }

    @Test func aMalformedAuthChallengeIsRefused() throws {
        var driver = HandshakeDriver()
        let transcript = RelayTranscript()
        driver.feed(transcript.versionsCell)
        driver.feed(transcript.certsCell)
        driver.feed(Cell(circuitID: .zero, command: .authChallenge, payload: ByteBuffer(bytes: [1, 2, 3])))
        #expect(driver.failure?.code == .linkMalformedCell)
    }
}
