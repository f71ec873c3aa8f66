import TorCore

/// The relay-cell crypto the client shares with one hop of a circuit (tor-spec 5.5, 6.1).
///
/// Holds the hop's forward and backward AES-128-CTR streams (keys Kf and Kb, zero IV) and
/// running SHA-1 digests (seeded with Df and Db), all created once when the hop is added and
/// kept for the circuit's life: the keystreams and digests continue across every cell, so
/// the cells of a hop must pass through it in exactly the order they go on or come off the
/// wire. Not thread-safe: it belongs to the circuit's event loop.
public final class HopCrypto {
    let forwardCipher: AESCTR
    let backwardCipher: AESCTR
    let forwardDigest: RunningDigest
    /// The committed backward digest: every cell this hop originated, in order.
    private var backwardDigest: RunningDigest
    /// Kept equal to `backwardDigest` so a candidate cell can be tried without copying state;
    /// it is rebuilt by copy only after a failed try, which is rare (tor-spec 6.1, P=2^-16).
    private var backwardTrial: RunningDigest
    /// The 20-byte digests after the last cell sent to / received from this hop, and a scratch
    /// area for trial digests; allocated once so no cell allocates.
    private let digestStorage: UnsafeMutableRawBufferPointer

    /// Builds the hop's ciphers and digests from the keys its handshake derived.
    public init(keys: CircuitKeys) throws {
        forwardCipher = try keys.forwardKey.withUnsafeBytes { try AESCTR(key: Array($0)) }
        backwardCipher = try keys.backwardKey.withUnsafeBytes { try AESCTR(key: Array($0)) }
        let forwardDigest = RunningDigest(.sha1)
        keys.forwardDigestSeed.withUnsafeBytes { forwardDigest.update($0) }
        self.forwardDigest = forwardDigest
        let backwardDigest = RunningDigest(.sha1)
        keys.backwardDigestSeed.withUnsafeBytes { backwardDigest.update($0) }
        self.backwardDigest = backwardDigest
        backwardTrial = backwardDigest.copy()
        digestStorage = .allocate(byteCount: 3 * Self.digestLength, alignment: 8)
        digestStorage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        digestStorage.deallocate()
    }

    /// SHA-1's output length: the running digests of the relay crypto are SHA-1 (tor-spec 6.1).
    static let digestLength = RelayPayloadLayout.sendmeDigestLength

    private var lastSent: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: digestStorage[0..<Self.digestLength])
    }
    private var lastReceived: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: digestStorage[Self.digestLength..<(2 * Self.digestLength)])
    }
    private var trialOutput: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: digestStorage[(2 * Self.digestLength)...])
    }

    /// The running forward digest after the last cell sent to this hop: what the hop's
    /// authenticated SENDME will carry if that cell triggered it (tor-spec 7.3, 7.3.1).
    public var lastSentDigest: [UInt8] { Array(lastSent) }

    /// The running backward digest after the last cell this hop sent us: what our
    /// authenticated SENDME carries when that cell triggered it (tor-spec 7.3, 7.3.1).
    public var lastReceivedDigest: [UInt8] { Array(lastReceived) }

    /// Writes this hop's digest into a plaintext payload addressed to it (tor-spec 6.1):
    /// zero 'recognized' and 'digest', absorb the whole payload, then store the first four
    /// bytes of the running digest in the digest field.
    func sealOutbound(_ payload: UnsafeMutableRawBufferPointer) {
        Self.zero(payload, RelayPayloadLayout.recognizedOffset, RelayPayloadLayout.recognizedLength)
        Self.zero(payload, RelayPayloadLayout.digestOffset, RelayPayloadLayout.digestLength)
        forwardDigest.update(UnsafeRawBufferPointer(payload))
        forwardDigest.digestSoFar(into: lastSent)
        for index in 0..<RelayPayloadLayout.digestLength {
            payload[RelayPayloadLayout.digestOffset + index] = lastSent[index]
        }
    }

    /// After this hop's backward decryption: true if the payload is from this hop, meaning
    /// 'recognized' is zero and the digest field matches the running digest with this payload
    /// absorbed (tor-spec 6.1). Only a match advances the running digest; the payload is
    /// left exactly as it was either way, since a miss is decrypted further by the next hop.
    func recognizeInbound(_ payload: UnsafeMutableRawBufferPointer) -> Bool {
        guard payload[RelayPayloadLayout.recognizedOffset] == 0,
            payload[RelayPayloadLayout.recognizedOffset + 1] == 0
        else { return false }
        let base = RelayPayloadLayout.digestOffset
        let received = (payload[base], payload[base + 1], payload[base + 2], payload[base + 3])
        Self.zero(payload, base, RelayPayloadLayout.digestLength)
        backwardTrial.update(UnsafeRawBufferPointer(payload))
        backwardTrial.digestSoFar(into: trialOutput)
        (payload[base], payload[base + 1], payload[base + 2], payload[base + 3]) = received
        // Accumulate differences rather than returning at the first one, so timing does
        // not say how many digest bytes an attacker guessed right.
        let difference = (received.0 ^ trialOutput[0]) | (received.1 ^ trialOutput[1])
            | (received.2 ^ trialOutput[2]) | (received.3 ^ trialOutput[3])
        guard difference == 0 else {
            backwardTrial = backwardDigest.copy()
            return false
        }
        // Commit: bring the committed digest level with the trial, then record the digest
        // a SENDME triggered by this cell must carry.
        Self.zero(payload, base, RelayPayloadLayout.digestLength)
        backwardDigest.update(UnsafeRawBufferPointer(payload))
        (payload[base], payload[base + 1], payload[base + 2], payload[base + 3]) = received
        lastReceived.copyMemory(from: UnsafeRawBufferPointer(trialOutput))
        return true
    }

    private static func zero(_ payload: UnsafeMutableRawBufferPointer, _ offset: Int, _ count: Int) {
        for index in offset..<(offset + count) { payload[index] = 0 }
    }
}
