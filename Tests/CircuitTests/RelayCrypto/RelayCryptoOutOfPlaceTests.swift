import NIOCore
import Testing
import TorCore
@testable import Circuit

/// Decrypting an inbound cell out of a shared read buffer (``RelayCrypto/decryptInbound(from:into:)``)
/// against the in-place path and the test-only relay side: same hop, same plaintext, same running
/// digests, and the read buffer left as it was.
@Suite struct RelayCryptoOutOfPlaceTests {
    @Test(arguments: [1, 2, 3])
    func cellsSlicedFromOneReadBufferDecryptLikeInPlace(hops: Int) throws {
        let keys = try (0..<hops).map { _ in try randomCircuitKeys() }
        let inPlace = RelayCrypto()
        let outOfPlace = RelayCrypto()
        for key in keys {
            inPlace.appendHop(try HopCrypto(keys: key))
            outOfPlace.appendHop(try HopCrypto(keys: key))
        }
        let relays = try RelaySideCircuit(keys: keys)
        var generator = SplitMix64(seed: UInt64(40 + hops))
        var read = ByteBuffer()
        var expected: [(hop: Int, plaintext: [UInt8])] = []
        for index in 0..<64 {
            let hop = Int.random(in: 0..<hops, using: &generator)
            let data = (0..<Int.random(in: 0...498, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let plaintext = makeRelayPayload(command: 2, streamID: 1, data: data, paddingSeed: UInt64(index))
            read.writeBytes(relays.sendToClient(plaintext, fromHop: hop))
            expected.append((hop, plaintext))
        }
        let original = read
        var reader = read
        for (index, cell) in expected.enumerated() {
            let slice = reader.readSlice(length: RelayPayloadLayout.length)
            let ciphertext = try #require(slice)
            var copy = Array(ciphertext.readableBytesView)
            let inPlaceHop = try copy.withUnsafeMutableBytes { try inPlace.decryptInbound(payload: $0) }
            var plaintext = ByteBuffer()
            let hop = try outOfPlace.decryptInbound(from: ciphertext, into: &plaintext)
            #expect(hop == cell.hop, "cell \(index)")
            #expect(hop == inPlaceHop)
            #expect(Array(plaintext.readableBytesView) == copy)
            #expect(Array(plaintext.readableBytesView)[9...] == cell.plaintext[9...])
            #expect(outOfPlace.hop(hop).lastReceivedDigest == inPlace.hop(hop).lastReceivedDigest)
        }
        #expect(read == original, "the read buffer must not change")
    }

    @Test func plaintextIsAppendedAfterWhatTheBufferHolds() throws {
        let key = try randomCircuitKeys()
        let client = RelayCrypto()
        client.appendHop(try HopCrypto(keys: key))
        let relays = try RelaySideCircuit(keys: [key])
        let plaintext = makeRelayPayload(command: 2, streamID: 3, data: [1, 2, 3])
        let ciphertext = ByteBuffer(bytes: relays.sendToClient(plaintext, fromHop: 0))
        var output = ByteBuffer(bytes: [0xAA, 0xBB])
        #expect(try client.decryptInbound(from: ciphertext, into: &output) == 0)
        #expect(output.readableBytes == 2 + RelayPayloadLayout.length)
        #expect(Array(output.readableBytesView.prefix(2)) == [0xAA, 0xBB])
        #expect(Array(output.readableBytesView.dropFirst(2))[9...] == plaintext[9...])
    }

    @Test func shortCiphertextIsMisuseAndWritesNothing() throws {
        let client = RelayCrypto()
        client.appendHop(try HopCrypto(keys: try randomCircuitKeys()))
        var output = ByteBuffer()
        #expect {
            try client.decryptInbound(from: ByteBuffer(repeating: 0, count: 508), into: &output)
        } throws: { ($0 as? CircuitError)?.code == .relayCryptoMisuse }
        #expect(output.readableBytes == 0)
    }

    @Test func noHopsIsMisuse() throws {
        var output = ByteBuffer()
        #expect {
            try RelayCrypto().decryptInbound(from: ByteBuffer(repeating: 0, count: 509), into: &output)
        } throws: { ($0 as? CircuitError)?.code == .relayCryptoMisuse }
    }
}
