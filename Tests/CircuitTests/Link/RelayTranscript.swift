import Circuit
import NIOCore
import TorCore

/// What a relay sends in the link handshake (tor-spec 4): VERSIONS framed with 2-byte circuit
/// IDs, then CERTS, AUTH_CHALLENGE and NETINFO framed for the negotiated protocol, as bytes.
struct RelayTranscript {
    var versions: [UInt16] = [3, 4, 5]  // what a tor 0.4.9 relay lists (captured)
    var certs = try! RelayCertsBuilder().build()
    var relayTime: UInt32 = UInt32(TestRelayKeys.now - 3)
    var observedClient = NetinfoAddress.ipv4(IPv4Address(127, 0, 0, 1))
    var relayAddress = NetinfoAddress.ipv4(IPv4Address(127, 0, 0, 2))

    static let relaySocket = NetinfoAddress.ipv4(IPv4Address(127, 0, 0, 2))

    var versionsCell: Cell { try! Cell(circuitID: .zero, message: VersionsMessage(versions: versions)) }
    var certsCell: Cell { try! Cell(circuitID: .zero, message: certs) }
    var authChallengeCell: Cell {
        try! Cell(circuitID: .zero, message: AuthChallengeMessage(
            challenge: [UInt8](repeating: 0xAC, count: 32), methods: [AuthChallengeMessage.methodEd25519SHA256RFC5705]))
    }
    var netinfoCell: Cell {
        try! Cell(circuitID: .zero, message: NetinfoMessage(
            timestamp: relayTime, otherAddress: observedClient, myAddresses: [relayAddress]))
    }

    /// `cells` framed as the relay frames them: the first with the handshake codec when it is
    /// VERSIONS, the rest for `linkProtocol`.
    static func bytes(_ cells: [Cell], linkProtocol: UInt16 = 5, handshakeFramedFirst: Bool = true) -> [UInt8] {
        var buffer = ByteBuffer()
        for (index, cell) in cells.enumerated() {
            let codec = index == 0 && handshakeFramedFirst ? CellCodec.handshake : CellCodec(linkProtocol: linkProtocol)
            try! codec.encode(cell, into: &buffer)
        }
        return Array(buffer.readableBytesView)
    }

    /// The whole reply: VERSIONS, CERTS, AUTH_CHALLENGE, NETINFO.
    var allBytes: [UInt8] { Self.bytes([versionsCell, certsCell, authChallengeCell, netinfoCell]) }
}

/// A framer and a state machine wired as ``CellCodecHandler`` and ``LinkHandshakeHandler`` wire
/// them, without a channel.
struct HandshakeDriver {
    var framer = LinkCellFramer()
    var machine = LinkHandshakeStateMachine(
        expectedIdentity: TestRelayKeys.identity, relayAddress: RelayTranscript.relaySocket)
    var buffer = ByteBuffer()
    var now = TestRelayKeys.now
    /// Every action that was not `.none`, in order.
    var actions: [LinkHandshakeAction] = []
    /// Cells the framer produced, in order.
    var framed: [CellCommand] = []

    init(tlsCertificate: [UInt8]? = TestTLSIdentity.certificateDER) {
        record(machine.start())
        if let tlsCertificate { machine.tlsHandshakeCompleted(peerCertificateDER: tlsCertificate) }
    }

    mutating func feed(_ bytes: [UInt8]) throws {
        buffer.writeBytes(bytes)
        while let cell = try framer.nextCell(from: &buffer) {
            framed.append(cell.command)
            record(machine.receive(cell, now: now))
        }
    }

    mutating func feed(_ cell: Cell) {
        record(machine.receive(cell, now: now))
    }

    private mutating func record(_ action: LinkHandshakeAction) {
        if case .none = action { return }
        actions.append(action)
    }

    var failure: CircuitError? {
        for case .fail(let error) in actions { return error }
        return nil
    }

    var completion: (send: [Cell], info: ChannelInfo)? {
        for case .complete(let cells, let info) in actions { return (cells, info) }
        return nil
    }
}
