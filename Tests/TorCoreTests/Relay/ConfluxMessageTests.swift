import NIOCore
import Testing
@testable import TorCore

/// RELAY_CONFLUX_LINK, LINKED, LINKED_ACK and SWITCH (proposal 329, tor 0.4.9's trunnel
/// layout): known bytes both ways, and each malformed case.
@Suite struct ConfluxMessageTests {
    static let nonce = (0..<32).map { UInt8($0) }
    /// VERSION 1, the nonce 00..1F, LAST_SEQNO_SENT 5, LAST_SEQNO_RECV 0x0102, DESIRED_UX 3.
    static let linkHex = "01 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
        + " 0000000000000005 0000000000000102 03"

    /// tor 0.4.9's numbers (or.h): the onion-service commands take 32-40.
    @Test func commandsAreTheOnesTorUses() {
        #expect(ConfluxLink.command.rawValue == 19)
        #expect(ConfluxLinked.command.rawValue == 20)
        #expect(ConfluxLinkedAck.command.rawValue == 21)
        #expect(ConfluxSwitch.command.rawValue == 22)
    }

    @Test func linkEncodesTheTrunnelLayout() throws {
        var encoded = ByteBuffer()
        try ConfluxLink(ConfluxLinkMessage(
            nonce: Self.nonce, lastSequenceSent: 5, lastSequenceReceived: 0x102, desiredExperience: .highThroughput)
        ).encode(into: &encoded)
        #expect(encoded == buffer(Self.linkHex))
        #expect(encoded.readableBytes == 1 + 32 + 8 + 8 + 1)
    }

    @Test func linkedDecodesAndIgnoresTrailingBytes() throws {
        let linked = try ConfluxLinked(data: buffer(Self.linkHex + " FFFF"))
        #expect(linked.fields.nonce == Self.nonce)
        #expect(linked.fields.lastSequenceSent == 5)
        #expect(linked.fields.lastSequenceReceived == 0x102)
        #expect(linked.fields.desiredExperience == .highThroughput)
    }

    @Test func aNewSetStartsAtZeroAndAsksForThroughput() throws {
        let fields = ConfluxLinkMessage(nonce: Self.nonce)
        #expect(fields.lastSequenceSent == 0 && fields.lastSequenceReceived == 0)
        #expect(fields.desiredExperience.rawValue == 3)
    }

    @Test func aLinkedOfVersionTwoIsRefused() {
        expectError(.confluxVersion) { _ = try ConfluxLinked(data: buffer("02" + Self.linkHex.dropFirst(2))) }
    }

    @Test(arguments: [1, 20, 33, 41, 49])
    func aLinkedCutShortIsTruncated(_ length: Int) {
        let bytes = Array(buffer(Self.linkHex).readableBytesView.prefix(length))
        expectError(.confluxTruncated) { _ = try ConfluxLinked(data: ByteBuffer(bytes: bytes)) }
    }

    @Test func aNonceOfTheWrongLengthIsNotEncoded() {
        var encoded = ByteBuffer()
        expectError(.confluxNonceLength) { try ConfluxLink(ConfluxLinkMessage(nonce: [1, 2, 3])).encode(into: &encoded) }
    }

    @Test func linkedAckIsEmpty() throws {
        var encoded = ByteBuffer()
        try ConfluxLinkedAck().encode(into: &encoded)
        #expect(encoded.readableBytes == 0)
    }

    @Test func switchCarriesABigEndianRelativeSequence() throws {
        var encoded = ByteBuffer()
        try ConfluxSwitch(relativeSequence: 0x0102_0304).encode(into: &encoded)
        #expect(encoded == buffer("01020304"))
        #expect(try ConfluxSwitch(data: buffer("0000002A")).relativeSequence == 42)
        expectError(.confluxTruncated) { _ = try ConfluxSwitch(data: buffer("0000")) }
    }

    /// Which commands a set orders across legs, as tor 0.4.9's conflux_should_multiplex.
    @Test func streamCommandsAreMultiplexedAndCircuitOnesAreNot() {
        for command in [RelayCommand.begin, .data, .end, .connected, .resolve, .resolved, .xon, .xoff] {
            #expect(command.isConfluxMultiplexed, "\(command)")
        }
        for command in [RelayCommand.sendme, .extend2, .extended2, .truncated, .drop, .beginDir,
                        .confluxLink, .confluxLinked, .confluxLinkedAck, .confluxSwitch, .paddingNegotiate] {
            #expect(!command.isConfluxMultiplexed, "\(command)")
        }
    }
}
