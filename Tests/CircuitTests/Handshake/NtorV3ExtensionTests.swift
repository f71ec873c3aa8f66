import Testing
@testable import Circuit

/// The ntor v3 message meta-encoding (proposal 332 A.2): decode, compare, re-encode.
@Suite struct NtorV3ExtensionTests {
    // Type 2 with one byte 0x1f, type 1 empty, type 0xee (unknown) with two bytes, type 2 again.
    static let encoded: [UInt8] = [0x02, 0x01, 0x1f, 0x01, 0x00, 0xee, 0x02, 0xab, 0xcd, 0x02, 0x01, 0x05]

    @Test func decodesComparesAndReEncodesByteExact() throws {
        let fields = try NtorV3Extension.decode(Self.encoded)
        #expect(fields == [
            NtorV3Extension(type: .init(rawValue: 2), body: [0x1f]),
            NtorV3Extension(type: .init(rawValue: 1)),
            NtorV3Extension(type: .init(rawValue: 0xee), body: [0xab, 0xcd]),
            NtorV3Extension(type: .init(rawValue: 2), body: [0x05]),
        ])
        #expect(try NtorV3Extension.encode(fields) == Self.encoded)
    }

    @Test func firstOccurrenceOfATypeWins() throws {
        let fields = try NtorV3Extension.decode(Self.encoded)
        #expect(NtorV3Extension.first(.init(rawValue: 2), in: fields)?.body == [0x1f])
        #expect(NtorV3Extension.first(.init(rawValue: 9), in: fields) == nil)
    }

    @Test func emptyMessageHasNoFields() throws {
        #expect(try NtorV3Extension.decode([]).isEmpty)
        #expect(try NtorV3Extension.encode([]).isEmpty)
    }

    @Test func maximumLengthFieldRoundTrips() throws {
        let field = NtorV3Extension(type: .init(rawValue: 3), body: [UInt8](repeating: 0x5a, count: 255))
        let encoded = try NtorV3Extension.encode([field])
        #expect(encoded.count == 257)
        #expect(try NtorV3Extension.decode(encoded) == [field])
    }

    @Test func headerCutOffIsMalformed() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.decode([0x01, 0x00, 0x02])
        }
        #expect(error.code == .handshakeMalformedMessage)
        #expect(error.kind == .protocolViolation)
    }

    @Test func bodyPastTheEndIsMalformed() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.decode([0x01, 0x03, 0xaa, 0xbb])
        }
        #expect(error.code == .handshakeMalformedMessage)
    }

    @Test func overlongBodyCannotBeEncoded() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.encode([NtorV3Extension(type: .init(rawValue: 1), body: [UInt8](repeating: 0, count: 256))])
        }
        #expect(error.code == .handshakeBadInput)
    }
}
