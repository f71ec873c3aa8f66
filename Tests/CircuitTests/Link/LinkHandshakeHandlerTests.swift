import NIOCore
import NIOEmbedded
import Testing
import TorCore

@testable import Circuit

/// The link handshake's I/O shell in an EmbeddedChannel: TLS (OpenSSL's server as the relay),
/// cell framing and the handshake handler together. Real relays: IntegrationTests.
@Suite struct LinkHandshakeHandlerTests {
    static let versionsBytes: [UInt8] = [0, 0, 7, 0, 4, 0, 4, 0, 5]

    @Test func sendsVersionsThenCompletesAndPassesLaterCellsUp() throws {
        let harness = try LinkChannelHarness()
        try harness.connectAndCompleteTLS()
        #expect(try harness.relayReceives() == Self.versionsBytes)

        // The whole reply and two cells after it arrive in one TLS record.
        let transcript = RelayTranscript()
        let destroy = Cell(circuitID: 0x8000_0001, command: .destroy, payload: ByteBuffer(bytes: [1]))
        let padding = Cell(circuitID: .zero, command: .padding, payload: ByteBuffer())
        try harness.relaySends(transcript.allBytes + RelayTranscript.bytes([padding, destroy], handshakeFramedFirst: false))

        let info = try #require(try harness.outcome?.get())
        #expect(info.linkProtocol == 5)
        #expect(info.relayIdentity.relayIdentity == TestRelayKeys.identity)
        #expect(harness.recorder.infos == [info], "the circuit layer hears of it as an event too")
        #expect(harness.recorder.cells.map(\.command) == [.destroy], "PADDING is dropped, DESTROY passes")
        #expect(harness.recorder.cells.first?.circuitID == 0x8000_0001)

        // Our NETINFO: 4-byte circuit ID 0, command 8, time 0, other address 127.0.0.2, no own addresses.
        let netinfo = try harness.relayReceives()
        #expect(netinfo.count == 514)
        #expect(Array(netinfo.prefix(15)) == [0, 0, 0, 0, 8, 0, 0, 0, 0, 4, 4, 127, 0, 0, 2])
        #expect(netinfo[15] == 0 && netinfo.dropFirst(15).allSatisfy { $0 == 0 })
        #expect(harness.channel.isActive)
    }

    @Test func cellsWrittenAfterTheHandshakeUseFourByteCircuitIDs() throws {
        let harness = try LinkChannelHarness()
        try harness.connectAndCompleteTLS()
        try harness.relaySends(RelayTranscript().allBytes)
        _ = try harness.relayReceives()
        let create = try Cell(circuitID: 0x8000_0002, message: CreateFastMessage(keyMaterial: [UInt8](repeating: 7, count: 20)))
        try harness.channel.writeAndFlush(create).wait()
        let bytes = try harness.relayReceives()
        #expect(bytes.count == 514 && Array(bytes.prefix(6)) == [0x80, 0, 0, 2, 5, 7])
    }

    @Test func aWrongIdentityFailsTheHandshakeAndClosesTheChannel() throws {
        let other = try Ed25519PrivateKey(seed: [UInt8](repeating: 5, count: 32))
        let expected = try RelayIdentity(
            rsaFingerprint: TestRelayKeys.rsaIdentityKey.publicKey.fingerprint, ed25519Identity: other.publicKey)
        let harness = try LinkChannelHarness(expected: expected)
        try harness.connectAndCompleteTLS()
        try harness.relaySends(RelayTranscript().allBytes)
        #expect(harness.failure?.code == .certsEd25519IdentityMismatch)
        #expect((harness.recorder.errors.first as? CircuitError)?.code == .certsEd25519IdentityMismatch)
        #expect(harness.recorder.infos.isEmpty && harness.recorder.cells.isEmpty)
        #expect(!harness.channel.isActive)
    }

    @Test func theHandshakeTimesOut() throws {
        let harness = try LinkChannelHarness(timeout: .seconds(10))
        try harness.connectAndCompleteTLS()
        try harness.relaySends(RelayTranscript.bytes([RelayTranscript().versionsCell]))
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(harness.outcome == nil)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(harness.failure?.code == .linkTimedOut)
        #expect(harness.failure?.kind == .resource)
        #expect(!harness.channel.isActive)
    }

    @Test func aCloseDuringTheHandshakeFailsIt() throws {
        let harness = try LinkChannelHarness()
        try harness.connectAndCompleteTLS()
        try harness.relaySends(RelayTranscript.bytes([RelayTranscript().versionsCell]))
        harness.channel.pipeline.fireChannelInactive()
        #expect(harness.failure?.code == .linkClosedDuringHandshake)
    }

    @Test func noCellButVersionsMayBeWrittenBeforeNegotiation() throws {
        let harness = try LinkChannelHarness()
        try harness.connectAndCompleteTLS()
        let create = try Cell(circuitID: 0x8000_0002, message: CreateFastMessage(keyMaterial: [UInt8](repeating: 7, count: 20)))
        #expect {
            try harness.channel.writeAndFlush(create).wait()
        } throws: { ($0 as? CircuitError)?.code == .linkEncodingFailed }
    }
}
