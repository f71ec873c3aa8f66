import Testing
@testable import Circuit

/// The ntor v3 message encoding (proposal 332 A.2, with the N_EXTENSIONS count byte that tor
/// 0.4.9 relays use): decode, compare, re-encode.
@Suite struct NtorV3ExtensionTests {
    // Four fields: type 2 with 0x1f, type 1 empty, type 0xee (unknown) with two bytes, type 2 again.
    static let encoded: [UInt8] = [0x04, 0x02, 0x01, 0x1f, 0x01, 0x00, 0xee, 0x02, 0xab, 0xcd, 0x02, 0x01, 0x05]

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

    @Test func noExtensionsIsTheSingleByteARelaySends() throws {
        // A real relay's SM when the client asked for nothing (real_relay_recording.json).
        #expect(try NtorV3Extension.decode([0x00]).isEmpty)
        #expect(try NtorV3Extension.encode([]) == [0x00])
    }

    @Test func maximumLengthFieldRoundTrips() throws {
        let field = NtorV3Extension(type: .init(rawValue: 3), body: [UInt8](repeating: 0x5a, count: 255))
        let encoded = try NtorV3Extension.encode([field])
        #expect(encoded.count == 258)
        #expect(try NtorV3Extension.decode(encoded) == [field])
    }

    @Test func emptyMessageIsMalformed() throws {
        let error = try #require(throws: CircuitError.self) { try NtorV3Extension.decode([]) }
        #expect(error.code == .handshakeMalformedMessage)
        #expect(error.kind == .protocolViolation)
    }

    @Test func headerCutOffIsMalformed() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.decode([0x02, 0x01, 0x00, 0x02])
        }
        #expect(error.code == .handshakeMalformedMessage)
    }

    @Test func bodyPastTheEndIsMalformed() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.decode([0x01, 0x01, 0x03, 0xaa, 0xbb])
        }
        #expect(error.code == .handshakeMalformedMessage)
    }

    @Test func bytesAfterTheLastFieldAreMalformed() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.decode([0x01, 0x01, 0x00, 0x07])
        }
        #expect(error.code == .handshakeMalformedMessage)
    }

    @Test func overlongBodyCannotBeEncoded() throws {
        let error = try #require(throws: CircuitError.self) {
            try NtorV3Extension.encode([NtorV3Extension(type: .init(rawValue: 1), body: [UInt8](repeating: 0, count: 256))])
        }
        #expect(error.code == .handshakeBadInput)
    }

    @Test func moreThan255FieldsCannotBeEncoded() throws {
        let fields = [NtorV3Extension](repeating: NtorV3Extension(type: .init(rawValue: 1)), count: 256)
        let error = try #require(throws: CircuitError.self) { try NtorV3Extension.encode(fields) }
        #expect(error.code == .handshakeBadInput)
    }
}
