import NIOCore
import Testing
@testable import TorCore

/// A client and a server engine talking through memory: the server is OpenSSL's own TLS stack,
/// so these tests check our use of OpenSSL, not our agreement with ourselves. Interop with real
/// tor relays is in IntegrationTests/TLSRelayTests.
@Suite struct TLSEngineTests {
    /// Moves every pending ciphertext byte from one engine to the other; returns how many.
    @discardableResult
    static func pump(_ from: TLSEngine, _ to: TLSEngine, oneByteAtATime: Bool = false) -> Int {
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        let count = from.takeCiphertext(into: &buffer)
        buffer.withUnsafeReadableBytes { bytes in
            if oneByteAtATime {
                for index in bytes.indices { to.receiveCiphertext(UnsafeRawBufferPointer(rebasing: bytes[index...index])) }
            } else {
                to.receiveCiphertext(bytes)
            }
        }
        return count
    }

    static func makePair(maximumVersion: TLSEngine.ProtocolVersion = .tls13) throws -> (TLSEngine, TLSEngine) {
        let client = try TLSEngine(maximumVersion: maximumVersion)
        let server = try TLSEngine(
            serverCertificatePEM: TestTLSIdentity.certificatePEM, privateKeyPEM: TestTLSIdentity.privateKeyPEM)
        client.startHandshake()
        server.startHandshake()
        return (client, server)
    }

    /// Runs the handshake to completion on both sides, bounded to a few round trips.
    static func handshake(_ client: TLSEngine, _ server: TLSEngine, oneByteAtATime: Bool = false) throws {
        for _ in 0..<6 where !(client.isHandshakeComplete && server.isHandshakeComplete) {
            _ = try client.advanceHandshake()
            pump(client, server, oneByteAtATime: oneByteAtATime)
            _ = try server.advanceHandshake()
            pump(server, client, oneByteAtATime: oneByteAtATime)
        }
        #expect(client.isHandshakeComplete)
        #expect(server.isHandshakeComplete)
    }

    static func send(_ text: String, from: TLSEngine, to: TLSEngine) throws -> String {
        try Array(text.utf8).withUnsafeBytes { try from.writePlaintext($0) }
        pump(from, to)
        #expect(to.hasUnreadInput)
        var received = ByteBufferAllocator().buffer(capacity: 0)
        _ = try to.readPlaintext(into: &received)
        #expect(!to.hasUnreadInput, "everything received was consumed")
        return received.readString(length: received.readableBytes) ?? ""
    }

    @Test func handshakeNegotiatesTLS13AndReportsThePeerCertificate() throws {
        let (client, server) = try Self.makePair()
        #expect(client.peerCertificateDER == nil)
        #expect(client.negotiatedProtocolVersion == "unknown")
        #expect(try client.advanceHandshake() == .inProgress)
        #expect(client.pendingCiphertextBytes > 0, "the ClientHello must be ready to send")
        try Self.handshake(client, server)
        #expect(client.negotiatedProtocolVersion == "TLSv1.3")
        #expect(try client.advanceHandshake() == .complete)
        #expect(client.peerCertificateDER == TestTLSIdentity.certificateDER)
        #expect(server.peerCertificateDER == nil, "a Tor client presents no certificate")
    }

    @Test func tls12OfferNegotiatesAForwardSecretAEADSuite() throws {
        let (client, server) = try Self.makePair(maximumVersion: .tls12)
        try Self.handshake(client, server)
        #expect(client.negotiatedProtocolVersion == "TLSv1.2")
        let suite = try #require(client.negotiatedCipherSuite)
        #expect(suite.hasPrefix("ECDHE-RSA-") && (suite.contains("GCM") || suite.contains("CHACHA20")))
    }

    @Test func plaintextFlowsBothWays() throws {
        let (client, server) = try Self.makePair()
        try Self.handshake(client, server)
        #expect(try Self.send("VERSIONS please", from: client, to: server) == "VERSIONS please")
        #expect(try Self.send("here are mine", from: server, to: client) == "here are mine")
    }

    @Test func largeWriteSpansRecordsAndReadHonoursItsLimit() throws {
        let (client, server) = try Self.makePair()
        try Self.handshake(client, server)
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try payload.withUnsafeBytes { try client.writePlaintext($0) }
        #expect(Self.pump(client, server) > payload.count, "records add overhead")
        var received = ByteBufferAllocator().buffer(capacity: 0)
        #expect(try server.readPlaintext(into: &received, maximumBytes: 1000) == 1000)
        #expect(try server.readPlaintext(into: &received) == payload.count - 1000)
        #expect(received.readBytes(length: received.readableBytes) == payload)
    }

    @Test func dripFedCiphertextCompletesHandshakeAndRecords() throws {
        let (client, server) = try Self.makePair()
        try Self.handshake(client, server, oneByteAtATime: true)
        try Array("cell".utf8).withUnsafeBytes { try server.writePlaintext($0) }
        var record = ByteBufferAllocator().buffer(capacity: 0)
        server.takeCiphertext(into: &record)
        var received = ByteBufferAllocator().buffer(capacity: 0)
        let bytes = record.readBytes(length: record.readableBytes)!
        for (index, byte) in bytes.enumerated() {
            [byte].withUnsafeBytes { client.receiveCiphertext($0) }
            let count = try client.readPlaintext(into: &received)
            #expect(count == (index == bytes.count - 1 ? 4 : 0), "plaintext only once the record is whole")
        }
        #expect(received.readString(length: received.readableBytes) == "cell")
    }

    @Test func closeSendsCloseNotifyAndStopsWrites() throws {
        let (client, server) = try Self.makePair()
        try Self.handshake(client, server)
        client.close()
        #expect(Self.pump(client, server) > 0)
        var received = ByteBufferAllocator().buffer(capacity: 0)
        #expect(try server.readPlaintext(into: &received) == 0)
        #expect(server.peerSentCloseNotify)
        #expect(!client.peerSentCloseNotify)
        let error = #expect(throws: TorCoreError.self) { try [1].withUnsafeBytes { try client.writePlaintext($0) } }
        #expect(error?.code == .tlsNotReady)
    }

    @Test func writeAndReadBeforeHandshakeAreRefused() throws {
        let (client, _) = try Self.makePair()
        let writeError = #expect(throws: TorCoreError.self) { try [1].withUnsafeBytes { try client.writePlaintext($0) } }
        #expect(writeError?.code == .tlsNotReady)
        #expect(writeError?.kind == .internalFailure)
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        let readError = #expect(throws: TorCoreError.self) { try client.readPlaintext(into: &buffer) }
        #expect(readError?.code == .tlsNotReady)
    }

    @Test func nonTLSReplyFailsTheHandshake() throws {
        let (client, _) = try Self.makePair()
        _ = try client.advanceHandshake()
        Array("HTTP/1.0 400 Bad Request\r\n\r\n".utf8).withUnsafeBytes { client.receiveCiphertext($0) }
        let error = #expect(throws: TorCoreError.self) { try client.advanceHandshake() }
        #expect(error?.code == .tlsHandshakeFailed)
        #expect(error?.kind == .protocolViolation)
        #expect(error?.reason.contains("wrong version number") == true, "OpenSSL's queue text is kept")
    }

    @Test func tamperedRecordFailsTheRead() throws {
        let (client, server) = try Self.makePair()
        try Self.handshake(client, server)
        try Array("authentic".utf8).withUnsafeBytes { try server.writePlaintext($0) }
        var record = ByteBufferAllocator().buffer(capacity: 0)
        server.takeCiphertext(into: &record)
        let last = record.writerIndex - 1
        record.setInteger(record.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
        record.withUnsafeReadableBytes { client.receiveCiphertext($0) }
        var received = ByteBufferAllocator().buffer(capacity: 0)
        let error = #expect(throws: TorCoreError.self) { try client.readPlaintext(into: &received) }
        #expect(error?.code == .tlsReadFailed)
        #expect(error?.kind == .protocolViolation)
    }
}
