import NIOCore
import Testing
import TorCore
@testable import Circuit

/// The handshakes and relay crypto against bytes a real tor 0.4.9 relay exchanged
/// (RealRelayVectors): with the same client secrets our code must produce the onion skins and
/// sealed cells the relay accepted, accept its replies, and recognize the cell it sent back.
@Suite struct RealRelayCaptureTests {
    /// BEGIN_DIR on stream 1 with zero padding, as the wire-format encoder builds it.
    static func beginDirPayload() throws -> ByteBuffer {
        var payload = ByteBuffer()
        try RelayCell(command: .beginDir, streamID: 1).encode(into: &payload)
        return payload
    }

    /// One-hop circuit with `keys`: our BEGIN_DIR must seal to what the relay accepted, and the
    /// relay's CONNECTED must decrypt and be recognized as from hop 0.
    static func checkCircuit(keys: CircuitKeys, exchange: RealRelayVectors.Exchange) throws {
        let crypto = RelayCrypto()
        crypto.appendHop(try HopCrypto(keys: keys))
        var outbound = try beginDirPayload()
        try crypto.encryptOutbound(payload: &outbound, toHop: 0)
        #expect(Array(outbound.readableBytesView) == exchange.beginDirSealed)

        var inbound = ByteBuffer(bytes: exchange.connectedSealed)
        #expect(try crypto.decryptInbound(payload: &inbound) == 0)
        let cell = try RelayCell.decode(payload: inbound)
        #expect(cell.command == .connected)
        #expect(cell.streamID == 1)
    }

    @Test func createFastMatchesTheRelay() throws {
        let exchange = RealRelayVectors.createFast
        let handshake = try CreateFastHandshake(keyMaterial: exchange.clientSecret)
        let keys = try handshake.complete(
            serverKeyMaterial: Array(exchange.reply[0..<20]), derivativeKeyData: Array(exchange.reply[20..<40]))
        try Self.checkCircuit(keys: keys, exchange: exchange)
    }

    @Test func ntorMatchesTheRelay() throws {
        let exchange = RealRelayVectors.ntor
        let handshake = try NtorClientHandshake(
            relayIdentity: RealRelayVectors.relayRSAIdentity, relayOnionKey: RealRelayVectors.relayNtorOnionKey,
            ephemeral: X25519PrivateKey(rawRepresentation: exchange.clientSecret))
        #expect(handshake.onionSkin == exchange.onionSkin)
        try Self.checkCircuit(keys: try handshake.complete(serverReply: exchange.reply), exchange: exchange)
    }

    @Test func ntorV3MatchesTheRelay() throws {
        let exchange = RealRelayVectors.ntorV3
        let handshake = try NtorV3ClientHandshake(
            relayIdentity: RealRelayVectors.relayEd25519Identity, relayOnionKey: RealRelayVectors.relayNtorOnionKey,
            message: try NtorV3Extension.encode([]),
            ephemeral: X25519PrivateKey(rawRepresentation: exchange.clientSecret))
        #expect(handshake.onionSkin == exchange.onionSkin)
        let completion = try handshake.complete(serverReply: exchange.reply)
        #expect(try NtorV3Extension.decode(completion.serverMessage).isEmpty)
        try Self.checkCircuit(keys: completion.keys, exchange: exchange)
    }

    @Test func ntorV3WithoutTheCircuitVerificationStringIsRefused() throws {
        // The relay used VER = "circuit extend"; an empty VER cannot authenticate its reply.
        let exchange = RealRelayVectors.ntorV3
        let handshake = try NtorV3ClientHandshake(
            relayIdentity: RealRelayVectors.relayEd25519Identity, relayOnionKey: RealRelayVectors.relayNtorOnionKey,
            message: [0], verification: [],
            ephemeral: X25519PrivateKey(rawRepresentation: exchange.clientSecret))
        let error = try #require(throws: CircuitError.self) { try handshake.complete(serverReply: exchange.reply) }
        #expect(error.code == .handshakeAuthMismatch)
    }
}
