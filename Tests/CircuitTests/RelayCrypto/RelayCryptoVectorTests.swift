import Testing
import NIOCore
import TorCore
@testable import Circuit

/// Relay crypto against cells an independent implementation sealed (RelayCellVectors).
@Suite struct RelayCryptoVectorTests {
    /// Hop 0: the ntor vector's keys; hop 1: the CREATE_FAST vector's.
    static func vectorKeys() throws -> [CircuitKeys] {
        [
            try CircuitKeys(
                forwardDigestSeed: [UInt8](hex: "d880f40bd82c69f27e78ceec266b3640e4798a4a"),
                backwardDigestSeed: [UInt8](hex: "ddcdc186225cca5eca707de80d5c18e996239fcf"),
                forwardKey: [UInt8](hex: "6190d748a0503b7fede657a3c109c47b"),
                backwardKey: [UInt8](hex: "bb788c54b87de0439cff34de57785a73"),
                keyHash: [UInt8](hex: "b9b9474c171750bf1ad038d29f3702f73a59401d")),
            try CircuitKeys(
                forwardDigestSeed: [UInt8](hex: "845f8c80106cce1c3a50ac6041fae8af68ab0b42"),
                backwardDigestSeed: [UInt8](hex: "52b80ec202a750a78851345010269724e82eaeda"),
                forwardKey: [UInt8](hex: "b2992b749653b9f759e586a64168f754"),
                backwardKey: [UInt8](hex: "2c6afa77e92418949dc297e70afbd08d"),
                keyHash: [UInt8](hex: "7369c6e3dd0f099b914c7fd32a140aa7f6ee54e0")),
        ]
    }

    static func vectorCircuit() throws -> RelayCrypto {
        let crypto = RelayCrypto()
        for keys in try vectorKeys() { crypto.appendHop(try HopCrypto(keys: keys)) }
        return crypto
    }

    /// The script's plaintext: header, data, then zeros (no random padding, to be reproducible).
    static func plaintext(_ entry: RelayCellVectors.Entry) -> [UInt8] {
        var payload: [UInt8] = [entry.command, 0, 0, UInt8(entry.streamID >> 8), UInt8(entry.streamID & 0xff)]
        payload += [0, 0, 0, 0, UInt8(entry.data.count >> 8), UInt8(entry.data.count & 0xff)] + entry.data
        return payload + [UInt8](repeating: 0, count: 509 - payload.count)
    }

    @Test func outboundCellsMatchTheIndependentEncryption() throws {
        let crypto = try Self.vectorCircuit()
        for entry in RelayCellVectors.outbound {
            var payload = Self.plaintext(entry)
            try payload.withUnsafeMutableBytes { try crypto.encryptOutbound(payload: $0, toHop: entry.hop) }
            #expect(payload == entry.sealed, "cell to hop \(entry.hop): \(Array(payload.prefix(16)).hex)")
            #expect(crypto.hop(entry.hop).lastSentDigest == entry.digestAfter)
        }
    }

    @Test func inboundCellsDecryptToTheIndependentPlaintext() throws {
        let crypto = try Self.vectorCircuit()
        for entry in RelayCellVectors.inbound {
            var payload = entry.sealed
            let hop = try payload.withUnsafeMutableBytes { try crypto.decryptInbound(payload: $0) }
            #expect(hop == entry.hop)
            // The plaintext is the relay's, with its digest field still in place.
            var expected = Self.plaintext(entry)
            expected.replaceSubrange(5..<9, with: entry.digestAfter.prefix(4))
            #expect(payload == expected)
            #expect(crypto.hop(entry.hop).lastReceivedDigest == entry.digestAfter)
        }
    }

    @Test func byteBufferEntryPointsMatchTheVectors() throws {
        let crypto = try Self.vectorCircuit()
        let entry = RelayCellVectors.outbound[0]
        var buffer = ByteBufferAllocator().buffer(bytes: Self.plaintext(entry))
        try crypto.encryptOutbound(payload: &buffer, toHop: entry.hop)
        #expect(Array(buffer.readableBytesView) == entry.sealed)

        let inbound = RelayCellVectors.inbound[0]
        var inboundBuffer = ByteBufferAllocator().buffer(bytes: inbound.sealed)
        #expect(try crypto.decryptInbound(payload: &inboundBuffer) == inbound.hop)
        #expect(Array(inboundBuffer.readableBytesView.prefix(5)) == Array(Self.plaintext(inbound).prefix(5)))
    }

    @Test func inboundCellsOutOfOrderAreNotRecognized() throws {
        // The keystreams and digests run across cells: skipping one desynchronises the hop.
        let crypto = try Self.vectorCircuit()
        var payload = RelayCellVectors.inbound[1].sealed
        let error = try #require(throws: CircuitError.self) {
            try payload.withUnsafeMutableBytes { try crypto.decryptInbound(payload: $0) }
        }
        #expect(error.code == .relayCellUnrecognized)
        #expect(error.kind == .protocolViolation)
    }
}
