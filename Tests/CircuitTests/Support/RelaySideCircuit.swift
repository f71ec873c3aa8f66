import TorCore
@testable import Circuit

/// The relays' view of a circuit, written for the tests only and straight from the spec text
/// rather than from `HopCrypto`: each relay decrypts forward cells with Kf and checks them
/// against its running digest seeded with Df (tor-spec 5.5.2.2, 6.1), and seals and encrypts
/// the cells it originates with Db and Kb, which the relays nearer the client encrypt again
/// (5.5.3.1). It uses `copy()` for the speculative digest, the plain way the spec describes.
final class RelaySideCircuit {
    final class Relay {
        let forwardCipher: AESCTR
        let backwardCipher: AESCTR
        var forwardDigest: RunningDigest
        let backwardDigest: RunningDigest
        var lastReceivedDigest: [UInt8] = []
        var lastSentDigest: [UInt8] = []

        init(keys: CircuitKeys) throws {
            forwardCipher = try AESCTR(key: keys.forwardKey.bytes)
            backwardCipher = try AESCTR(key: keys.backwardKey.bytes)
            forwardDigest = RunningDigest(.sha1)
            forwardDigest.update(keys.forwardDigestSeed.bytes)
            backwardDigest = RunningDigest(.sha1)
            backwardDigest.update(keys.backwardDigestSeed.bytes)
        }
    }

    let relays: [Relay]

    init(keys: [CircuitKeys]) throws {
        relays = try keys.map { try Relay(keys: $0) }
    }

    /// Passes a client-encrypted payload along the circuit; returns the index of the relay
    /// that recognized it and the plaintext it saw, or nil if the last relay did not.
    func receiveFromClient(_ sealed: [UInt8]) -> (hop: Int, plaintext: [UInt8])? {
        var payload = sealed
        for (index, relay) in relays.enumerated() {
            relay.forwardCipher.apply(&payload)
            guard payload[1] == 0, payload[2] == 0 else { continue }
            var zeroed = payload
            zeroed.replaceSubrange(5..<9, with: [0, 0, 0, 0])
            let trial = relay.forwardDigest.copy()
            trial.update(zeroed)
            let digest = trial.digestSoFar()
            if Array(digest.prefix(4)) == Array(payload[5..<9]) {
                relay.forwardDigest = trial
                relay.lastReceivedDigest = digest
                return (index, payload)
            }
        }
        return nil
    }

    /// Relay `hop` originates `plaintext` (recognized and digest zero): it writes its digest,
    /// encrypts with Kb, and each relay nearer the client adds its layer.
    func sendToClient(_ plaintext: [UInt8], fromHop hop: Int) -> [UInt8] {
        let relay = relays[hop]
        var payload = plaintext
        payload.replaceSubrange(5..<9, with: [0, 0, 0, 0])
        relay.backwardDigest.update(payload)
        relay.lastSentDigest = relay.backwardDigest.digestSoFar()
        payload.replaceSubrange(5..<9, with: relay.lastSentDigest.prefix(4))
        for index in stride(from: hop, through: 0, by: -1) {
            relays[index].backwardCipher.apply(&payload)
        }
        return payload
    }
}

/// Builds a plaintext relay payload per tor-spec 6.1: command, recognized 0, stream ID,
/// digest 0, length, data, then four zero bytes and pseudo-random padding.
func makeRelayPayload(command: UInt8, streamID: UInt16, data: [UInt8], paddingSeed: UInt64 = 1) -> [UInt8] {
    var payload: [UInt8] = [command, 0, 0, UInt8(streamID >> 8), UInt8(streamID & 0xff), 0, 0, 0, 0]
    payload += [UInt8(data.count >> 8), UInt8(data.count & 0xff)] + data
    payload += [UInt8](repeating: 0, count: min(4, 509 - payload.count))
    var generator = SplitMix64(seed: paddingSeed)
    while payload.count < 509 { payload.append(UInt8.random(in: 0...255, using: &generator)) }
    return payload
}

/// A small deterministic generator so failures reproduce (SplitMix64, Steele et al. 2014).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}

/// Fresh random keys for a hop, as if a handshake had just completed.
func randomCircuitKeys() throws -> CircuitKeys {
    try CircuitKeys(
        forwardDigestSeed: SecureRandom.bytes(20), backwardDigestSeed: SecureRandom.bytes(20),
        forwardKey: SecureRandom.bytes(16), backwardKey: SecureRandom.bytes(16),
        keyHash: SecureRandom.bytes(20))
}
