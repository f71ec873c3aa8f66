import Testing
import TorCore
@testable import Circuit

/// RelayCrypto against the test-only relay side (Support/RelaySideCircuit): many cells both
/// ways on 1-, 2- and 3-hop circuits keep both sides' keystreams and digests in step.
@Suite struct RelayCryptoRoundTripTests {
    struct Pair {
        let client: RelayCrypto
        let relays: RelaySideCircuit
    }

    static func makePair(hops: Int) throws -> Pair {
        let keys = try (0..<hops).map { _ in try randomCircuitKeys() }
        let client = RelayCrypto()
        for key in keys { client.appendHop(try HopCrypto(keys: key)) }
        return Pair(client: client, relays: try RelaySideCircuit(keys: keys))
    }

    static func send(_ pair: Pair, _ plaintext: [UInt8], toHop hop: Int) throws -> [UInt8] {
        var payload = plaintext
        try payload.withUnsafeMutableBytes { try pair.client.encryptOutbound(payload: $0, toHop: hop) }
        return payload
    }

    static func receive(_ pair: Pair, _ sealed: [UInt8]) throws -> (hop: Int, plaintext: [UInt8]) {
        var payload = sealed
        let hop = try payload.withUnsafeMutableBytes { try pair.client.decryptInbound(payload: $0) }
        return (hop, payload)
    }

    @Test(arguments: [1, 2, 3])
    func manyCellsBothWaysStayInStep(hops: Int) throws {
        let pair = try Self.makePair(hops: hops)
        var generator = SplitMix64(seed: UInt64(hops))
        for index in 0..<400 {
            let hop = Int.random(in: 0..<hops, using: &generator)
            let length = Int.random(in: 0...498, using: &generator)
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let plaintext = makeRelayPayload(
                command: 2, streamID: UInt16(1 + index % 7), data: data, paddingSeed: UInt64(index))

            if index % 2 == 0 {
                let sealed = try Self.send(pair, plaintext, toHop: hop)
                let seen = try #require(pair.relays.receiveFromClient(sealed), "cell \(index) unrecognized")
                #expect(seen.hop == hop)
                #expect(Array(seen.plaintext[9...]) == Array(plaintext[9...]))
                #expect(pair.client.hop(hop).lastSentDigest == pair.relays.relays[hop].lastReceivedDigest)
            } else {
                let sealed = pair.relays.sendToClient(plaintext, fromHop: hop)
                let received = try Self.receive(pair, sealed)
                #expect(received.hop == hop)
                #expect(Array(received.plaintext[9...]) == Array(plaintext[9...]))
                #expect(Array(received.plaintext[0..<5]) == Array(plaintext[0..<5]))
                #expect(pair.client.hop(hop).lastReceivedDigest == pair.relays.relays[hop].lastSentDigest)
            }
        }
    }

    @Test func cellForTheMiddleHopIsRecognizedThereAndOnlyThere() throws {
        let pair = try Self.makePair(hops: 3)
        let plaintext = makeRelayPayload(command: 14, streamID: 0, data: [1, 2, 3])
        let seen = try #require(pair.relays.receiveFromClient(try Self.send(pair, plaintext, toHop: 1)))
        #expect(seen.hop == 1)
        let reply = pair.relays.sendToClient(makeRelayPayload(command: 15, streamID: 0, data: [4]), fromHop: 1)
        #expect(try Self.receive(pair, reply).hop == 1)
        // The third hop's state is untouched: its first cell still works.
        let last = try #require(pair.relays.receiveFromClient(try Self.send(pair, plaintext, toHop: 2)))
        #expect(last.hop == 2)
    }

    @Test(arguments: [0, 3, 9, 11, 300, 508])
    func tamperedInboundByteIsRejected(offset: Int) throws {
        let pair = try Self.makePair(hops: 3)
        var sealed = pair.relays.sendToClient(makeRelayPayload(command: 2, streamID: 5, data: [9, 9]), fromHop: 2)
        sealed[offset] ^= 0x20
        let error = try #require(throws: CircuitError.self) { try Self.receive(pair, sealed) }
        #expect(error.code == .relayCellUnrecognized)
    }

    @Test func tamperedOutboundByteIsNotRecognizedByTheRelay() throws {
        let pair = try Self.makePair(hops: 2)
        var sealed = try Self.send(pair, makeRelayPayload(command: 2, streamID: 5, data: [7]), toHop: 1)
        sealed[200] ^= 0x01
        #expect(pair.relays.receiveFromClient(sealed) == nil)
    }

    @Test func cellAfterATruncateGoesToTheNewLastHop() throws {
        let pair = try Self.makePair(hops: 3)
        pair.client.truncate(toHopCount: 2)
        #expect(pair.client.hopCount == 2)
        let error = try #require(throws: CircuitError.self) {
            try Self.send(pair, makeRelayPayload(command: 2, streamID: 1, data: []), toHop: 2)
        }
        #expect(error.code == .relayCryptoMisuse)
        let seen = pair.relays.receiveFromClient(try Self.send(pair, makeRelayPayload(command: 2, streamID: 1, data: []), toHop: 1))
        #expect(seen?.hop == 1)
    }

    @Test func payloadOfWrongLengthIsMisuse() throws {
        let pair = try Self.makePair(hops: 1)
        var short = [UInt8](repeating: 0, count: 508)
        let error = try #require(throws: CircuitError.self) {
            try short.withUnsafeMutableBytes { try pair.client.decryptInbound(payload: $0) }
        }
        #expect(error.code == .relayCryptoMisuse)
        #expect(error.kind == .internalFailure)
    }

    @Test func circuitWithoutHopsRejectsInboundCells() throws {
        var payload = [UInt8](repeating: 0, count: 509)
        let error = try #require(throws: CircuitError.self) {
            try payload.withUnsafeMutableBytes { try RelayCrypto().decryptInbound(payload: $0) }
        }
        #expect(error.code == .relayCryptoMisuse)
    }
}
