import NIOCore
import NIOEmbedded
import Testing
import TorCore

@testable import Circuit

/// The TLS handler's buffering, forwarding, closing and failure behaviour in an EmbeddedChannel,
/// against OpenSSL's server (a real TLS peer). Interop with tor relays is in IntegrationTests.
@Suite struct TLSChannelHandlerTests {
    @Test func handshakeFiresEventWithThePeerCertificate() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        #expect(try harness.deliverToRelay() > 0, "channelActive sends the ClientHello")
        try harness.completeHandshake()
        let event = try #require(harness.recorder.handshakes.first)
        #expect(harness.recorder.handshakes.count == 1)
        #expect(event.peerCertificateDER == TestTLSIdentity.certificateDER)
        #expect(event.protocolVersion == "TLSv1.3")
        #expect(event.cipherSuite.hasPrefix("TLS_"))
    }

    @Test func writesBeforeTheHandshakeWaitAndKeepTheirOrder() throws {
        let harness = try TLSChannelHarness()
        let first = harness.write("first", flush: false)
        let second = harness.write("second")
        try harness.connect()
        try harness.deliverToRelay()
        #expect(first.result == nil && second.result == nil, "nothing was sent yet")
        try harness.completeHandshake()
        #expect(first.succeeded && second.succeeded)
        #expect(try harness.relayReceives() == "firstsecond")
        #expect(try harness.relayReceives() == "", "each write is sent exactly once")
    }

    @Test func unflushedWriteWaitsForFlushAfterTheHandshake() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        try harness.completeHandshake()
        let pending = harness.write("cell", flush: false)
        #expect(try harness.relayReceives() == "")
        harness.channel.flush()
        #expect(pending.succeeded)
        #expect(try harness.relayReceives() == "cell")
    }

    @Test func plaintextFromTheRelayIsForwarded() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        try harness.completeHandshake()
        let completesBefore = harness.recorder.readCompletes
        try harness.relaySends("VERSIONS")
        #expect(harness.recorder.plaintext == Array("VERSIONS".utf8))
        #expect(harness.recorder.readCompletes == completesBefore + 1)
    }

    @Test func readIsReissuedWhenOnlyPartOfARecordArrived() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        try harness.completeHandshake()
        try Array("CERTS".utf8).withUnsafeBytes { try harness.relay.writePlaintext($0) }
        var record = harness.takeRelayCiphertext()
        let head = record.readSlice(length: 1)!
        harness.readCounter.reads = 0
        harness.channel.read()
        #expect(harness.readCounter.reads == 1)
        try harness.channel.writeInbound(head)
        #expect(harness.recorder.plaintext.isEmpty)
        #expect(harness.readCounter.reads == 2, "the downstream's read request stays alive")
        try harness.channel.writeInbound(record)
        #expect(harness.recorder.plaintext == Array("CERTS".utf8))
        #expect(harness.readCounter.reads == 2, "no read once plaintext was delivered")
    }

    @Test func closeSendsCloseNotifyThenCloses() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        try harness.completeHandshake()
        let unflushed = harness.write("never sent", flush: false)
        try harness.channel.close().wait()
        #expect(try harness.relayReceives() == "")
        #expect(harness.relay.peerSentCloseNotify)
        #expect(!harness.channel.isActive)
        #expect(unflushed.error as? ChannelError == .ioOnClosedChannel)
    }

    @Test func relayCloseNotifyClosesTheChannel() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        try harness.completeHandshake()
        harness.relay.close()
        try harness.deliverToClient()
        #expect(!harness.channel.isActive)
        #expect(try harness.relayReceives() == "")
        #expect(harness.relay.peerSentCloseNotify, "our close_notify answers the relay's")
        #expect(harness.recorder.errors.isEmpty)
    }

    @Test func nonTLSReplyFailsPendingWritesAndCloses() throws {
        let harness = try TLSChannelHarness()
        let pending = harness.write("VERSIONS")
        try harness.connect()
        try harness.channel.writeInbound(ByteBuffer(string: "HTTP/1.0 400 Bad Request\r\n\r\n"))
        let error = try #require(harness.recorder.errors.first as? CircuitError)
        #expect(error.code == .tlsFailed)
        #expect(error.kind == .protocolViolation)
        #expect(error.reason.contains(TorCoreError.Code.tlsHandshakeFailed.rawValue))
        #expect((pending.error as? CircuitError)?.code == .tlsFailed)
        #expect(!harness.channel.isActive)
    }

    @Test func tamperedRecordAfterTheHandshakeCloses() throws {
        let harness = try TLSChannelHarness()
        try harness.connect()
        try harness.completeHandshake()
        try Array("NETINFO".utf8).withUnsafeBytes { try harness.relay.writePlaintext($0) }
        var record = harness.takeRelayCiphertext()
        let last = record.writerIndex - 1
        record.setInteger(record.getInteger(at: last, as: UInt8.self)! ^ 0x80, at: last)
        try harness.channel.writeInbound(record)
        #expect(harness.recorder.plaintext.isEmpty)
        let error = try #require(harness.recorder.errors.first as? CircuitError)
        #expect(error.code == .tlsFailed && error.kind == .protocolViolation)
        #expect(!harness.channel.isActive)
    }

    @Test func handshakeTimeoutIsAResourceError() throws {
        let harness = try TLSChannelHarness(handshakeTimeout: .seconds(5))
        let pending = harness.write("VERSIONS")
        try harness.connect()
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(harness.recorder.errors.isEmpty && harness.channel.isActive)
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        let error = try #require(harness.recorder.errors.first as? CircuitError)
        #expect(error.code == .tlsHandshakeTimedOut && error.kind == .resource)
        #expect((pending.error as? CircuitError)?.code == .tlsHandshakeTimedOut)
        #expect(!harness.channel.isActive)
    }

    @Test func completedHandshakeCancelsTheTimeout() throws {
        let harness = try TLSChannelHarness(handshakeTimeout: .seconds(5))
        try harness.connect()
        try harness.completeHandshake()
        harness.channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(harness.recorder.errors.isEmpty && harness.channel.isActive)
    }

    @Test func connectionLostDuringTheHandshakeIsAProtocolViolation() throws {
        let harness = try TLSChannelHarness()
        let pending = harness.write("VERSIONS")
        try harness.connect()
        harness.channel.pipeline.fireChannelInactive()
        let error = try #require(harness.recorder.errors.first as? CircuitError)
        #expect(error.code == .tlsClosedDuringHandshake && error.kind == .protocolViolation)
        #expect((pending.error as? CircuitError)?.code == .tlsClosedDuringHandshake)
    }

    @Test func writesBeyondTheHandshakeBufferLimitFail() throws {
        let harness = try TLSChannelHarness()
        let fits = harness.write(String(repeating: "x", count: TLSChannelHandler.maximumBufferedPlaintextBytes))
        let overflow = harness.write("y")
        #expect((overflow.error as? CircuitError)?.code == .tlsWriteBufferFull)
        #expect((overflow.error as? CircuitError)?.kind == .resource)
        try harness.connect()
        try harness.completeHandshake()
        #expect(fits.succeeded)
        #expect(try harness.relayReceives().count == TLSChannelHandler.maximumBufferedPlaintextBytes)
    }
}
