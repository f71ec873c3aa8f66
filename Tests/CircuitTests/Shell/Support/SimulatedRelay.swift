import NIOCore
import TorCore
@testable import Circuit

/// One relay as the shell tests play it: its identity, its ntor onion key pair, and the relay
/// side of ntor written straight from tor-spec 5.1.4 (the server's computation), so a circuit
/// built against it proves the client computes what a relay computes.
struct SimulatedRelay {
    let identity: [UInt8]
    let onionKey: X25519PrivateKey
    let ed25519Identity: [UInt8]
    let port: UInt16

    init(port: UInt16) {
        identity = SecureRandom.bytes(20)
        onionKey = .generate()
        ed25519Identity = SecureRandom.bytes(32)
        self.port = port
    }

    /// The target a client builds through; `withOnionKey: false` makes a CREATE_FAST first hop.
    func target(withOnionKey: Bool = true) -> RelayTarget {
        try! RelayTarget(
            address: IPv4Address(127, 0, 0, 1), orPort: port, rsaIdentity: identity,
            ed25519Identity: ed25519Identity, ntorOnionKey: withOnionKey ? onionKey.publicKey : nil)
    }

    /// The server's half of ntor: checks NODEID and KEYID, answers Y | AUTH and derives the
    /// keys (tor-spec 5.1.4, 5.2.2).
    func respond(toOnionSkin skin: [UInt8]) throws -> (reply: [UInt8], keys: CircuitKeys) {
        precondition(skin.count == 84, "an ntor onion skin is 84 bytes")
        precondition(Array(skin[0..<20]) == identity, "NODEID is not this relay")
        precondition(Array(skin[20..<52]) == onionKey.publicKey, "KEYID is not this relay's key")
        let clientPublic = Array(skin[52..<84])
        let ephemeral = X25519PrivateKey.generate()
        let protocolID = Array("ntor-curve25519-sha256-1".utf8)
        var secretInput = try ephemeral.sharedSecret(with: clientPublic).bytes
        secretInput += try onionKey.sharedSecret(with: clientPublic).bytes
        secretInput += identity + onionKey.publicKey + clientPublic + ephemeral.publicKey + protocolID
        let verify = HMAC.sha256(key: protocolID + Array(":verify".utf8), message: secretInput)
        let authInput = verify + identity + onionKey.publicKey + ephemeral.publicKey + clientPublic
            + protocolID + Array("Server".utf8)
        let auth = HMAC.sha256(key: protocolID + Array(":mac".utf8), message: authInput)
        let material = HKDF.sha256(
            inputKeyMaterial: secretInput, salt: protocolID + Array(":key_extract".utf8),
            info: protocolID + Array(":key_expand".utf8), outputLength: CircuitKeys.materialLength)
        return (ephemeral.publicKey + auth, CircuitKeys(rfc5869Material: material))
    }

    /// The server's half of CREATE_FAST (tor-spec 5.1.5, 5.2.1).
    static func respond(toCreateFast material: [UInt8]) -> (reply: CreatedFastMessage, keys: CircuitKeys) {
        let serverMaterial = SecureRandom.bytes(20)
        let derived = KDFTor.derive(secret: material + serverMaterial, outputLength: CircuitKeys.materialLength)
        let keys = CircuitKeys(kdfTorMaterial: derived)
        return (CreatedFastMessage(keyMaterial: serverMaterial, derivativeKeyData: keys.keyHash.bytes), keys)
    }
}

/// The relays' side of a circuit's relay crypto, growing one hop per CREATED2/EXTENDED2, built
/// on the tests' spec-text ``RelaySideCircuit/Relay`` (tor-spec 5.5.2.2, 5.5.3.1, 6.1).
final class SimulatedPath {
    private(set) var relays: [RelaySideCircuit.Relay] = []

    func addHop(_ keys: CircuitKeys) throws {
        relays.append(try RelaySideCircuit.Relay(keys: keys))
    }

    /// Peels the client's layers; returns the hop that recognized the cell and the message.
    func receive(_ payload: ByteBuffer) throws -> (hop: Int, cell: RelayCell)? {
        var bytes = Array(payload.readableBytesView)
        for (index, relay) in relays.enumerated() {
            relay.forwardCipher.apply(&bytes)
            guard bytes[1] == 0, bytes[2] == 0 else { continue }
            var zeroed = bytes
            zeroed.replaceSubrange(5..<9, with: [0, 0, 0, 0])
            let trial = relay.forwardDigest.copy()
            trial.update(zeroed)
            let digest = trial.digestSoFar()
            if Array(digest.prefix(4)) == Array(bytes[5..<9]) {
                relay.forwardDigest = trial
                relay.lastReceivedDigest = digest
                return (index, try RelayCell.decode(payload: ByteBuffer(bytes: bytes)))
            }
        }
        return nil
    }

    /// Hop `hop` originates `cell`; returns the payload as it reaches the client.
    func send(_ cell: RelayCell, fromHop hop: Int) throws -> ByteBuffer {
        var plaintext = ByteBuffer()
        try cell.encode(into: &plaintext)
        var bytes = Array(plaintext.readableBytesView)
        let relay = relays[hop]
        relay.backwardDigest.update(bytes)
        relay.lastSentDigest = relay.backwardDigest.digestSoFar()
        bytes.replaceSubrange(5..<9, with: relay.lastSentDigest.prefix(4))
        for index in stride(from: hop, through: 0, by: -1) {
            relays[index].backwardCipher.apply(&bytes)
        }
        return ByteBuffer(bytes: bytes)
    }
}
