import Testing
import TorCore
@testable import Circuit

/// The speculative digest check of one hop (tor-spec 6.1): a candidate that fails must leave
/// the hop's running digest exactly as it was.
@Suite struct HopCryptoTests {
    @Test func forgedCandidateLeavesTheRunningDigestAlone() throws {
        let keys = try randomCircuitKeys()
        let client = RelayCrypto()
        client.appendHop(try HopCrypto(keys: keys))
        let relays = try RelaySideCircuit(keys: [keys])

        // A plaintext with recognized == 0 and a wrong digest, as if just decrypted.
        var forged = makeRelayPayload(command: 2, streamID: 3, data: [1, 2, 3])
        forged.replaceSubrange(5..<9, with: [0xde, 0xad, 0xbe, 0xef])
        let before = forged
        let recognized = forged.withUnsafeMutableBytes { client.hop(0).recognizeInbound($0) }
        #expect(!recognized)
        #expect(forged == before, "a missed candidate must pass on unchanged")

        // The genuine next cell still verifies, so the failed trial did not advance the digest.
        var sealed = relays.sendToClient(makeRelayPayload(command: 2, streamID: 3, data: [4]), fromHop: 0)
        #expect(try sealed.withUnsafeMutableBytes { try client.decryptInbound(payload: $0) } == 0)
        #expect(client.hop(0).lastReceivedDigest == relays.relays[0].lastSentDigest)
    }

    @Test func cellThatLooksRecognizedAtTheFirstHopReachesTheSecond() throws {
        // Hop 1's backward key was searched for by Vectors/make_circuit_vectors.py so that its
        // cell number 19 shows recognized == 0 once the first hop's layer is removed.
        let first = try RelayCryptoVectorTests.vectorKeys()[0]
        let fast = try RelayCryptoVectorTests.vectorKeys()[1]
        let second = try CircuitKeys(
            forwardDigestSeed: fast.forwardDigestSeed.bytes, backwardDigestSeed: fast.backwardDigestSeed.bytes,
            forwardKey: fast.forwardKey.bytes, backwardKey: [UInt8](hex: "af7c59a911db8e0cfcfbf643827b9b21"),
            keyHash: fast.keyHash.bytes)
        let client = RelayCrypto()
        client.appendHop(try HopCrypto(keys: first))
        client.appendHop(try HopCrypto(keys: second))
        let relays = try RelaySideCircuit(keys: [first, second])
        let secondHopKeystream = try AESCTR(key: second.backwardKey.bytes)

        for index in 0...19 {
            var keystream = [UInt8](repeating: 0, count: 509)
            secondHopKeystream.apply(&keystream)
            #expect((keystream[1] == 0 && keystream[2] == 0) == (index == 19), "vector no longer applies")
            var sealed = relays.sendToClient(makeRelayPayload(command: 2, streamID: 1, data: [UInt8(index)]), fromHop: 1)
            #expect(try sealed.withUnsafeMutableBytes { try client.decryptInbound(payload: $0) } == 1)
            #expect(sealed[11] == UInt8(index))
        }
        // The first hop's digest was tried and rolled back: its own next cell still verifies.
        var fromFirst = relays.sendToClient(makeRelayPayload(command: 2, streamID: 2, data: [0xaa]), fromHop: 0)
        #expect(try fromFirst.withUnsafeMutableBytes { try client.decryptInbound(payload: $0) } == 0)
        #expect(client.hop(0).lastReceivedDigest == relays.relays[0].lastSentDigest)
    }

    @Test func outboundSealingZeroesRecognizedAndDigestFirst() throws {
        // A caller that left junk in 'recognized' or 'digest' still produces a valid cell.
        let keys = try randomCircuitKeys()
        let client = RelayCrypto()
        client.appendHop(try HopCrypto(keys: keys))
        let relays = try RelaySideCircuit(keys: [keys])
        var payload = makeRelayPayload(command: 2, streamID: 9, data: [5, 6])
        payload.replaceSubrange(1..<3, with: [0x12, 0x34])
        payload.replaceSubrange(5..<9, with: [1, 2, 3, 4])
        try payload.withUnsafeMutableBytes { try client.encryptOutbound(payload: $0, toHop: 0) }
        let seen = try #require(relays.receiveFromClient(payload))
        #expect(seen.plaintext[1] == 0 && seen.plaintext[2] == 0)
        #expect(Array(seen.plaintext[5..<9]) == Array(client.hop(0).lastSentDigest.prefix(4)))
    }
}
