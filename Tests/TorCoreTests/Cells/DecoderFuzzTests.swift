import NIOCore
import Testing
@testable import TorCore

/// Seeded random bytes through every decoder: each must return or throw a `TorCoreError`,
/// never trap (a trap fails the whole test process) and never throw anything else.
@Suite struct DecoderFuzzTests {
    static let iterations = 5_000

    /// Every payload decoder of Cells/, Relay/ and Certificates/, by name.
    static let decoders: [(String, @Sendable (ByteBuffer) throws -> Void)] = [
        ("VERSIONS", { _ = try VersionsMessage(payload: $0) }),
        ("CERTS", { _ = try CertsMessage(payload: $0) }),
        ("AUTH_CHALLENGE", { _ = try AuthChallengeMessage(payload: $0) }),
        ("NETINFO", { _ = try NetinfoMessage(payload: $0) }),
        ("CREATE2", { _ = try Create2Message(payload: $0) }),
        ("CREATED2", { _ = try Created2Message(payload: $0) }),
        ("CREATE_FAST", { _ = try CreateFastMessage(payload: $0) }),
        ("CREATED_FAST", { _ = try CreatedFastMessage(payload: $0) }),
        ("DESTROY", { _ = try DestroyMessage(payload: $0) }),
        ("PADDING_NEGOTIATE", { _ = try PaddingNegotiateMessage(payload: $0) }),
        ("relay cell", { _ = try RelayCell.decode(payload: $0) }),
        ("relay header", { _ = try RelayCellHeader(reading: $0) }),
        ("BEGIN", { _ = try BeginMessage(data: $0) }),
        ("CONNECTED", { _ = try ConnectedMessage(data: $0) }),
        ("END", { _ = try EndMessage(data: $0) }),
        ("SENDME", { _ = try SendmeMessage(data: $0) }),
        ("EXTEND2", { _ = try Extend2Message(data: $0) }),
        ("EXTENDED2", { _ = try Extended2Message(data: $0) }),
        ("RESOLVE", { _ = try ResolveMessage(data: $0) }),
        ("RESOLVED", { _ = try ResolvedMessage(data: $0) }),
        ("TRUNCATED", { _ = try TruncatedMessage(data: $0) }),
        ("Ed25519 certificate", { _ = try Ed25519Certificate(bytes: Array($0.readableBytesView)) }),
        ("RSA crosscert", { _ = try RSACrosscert(bytes: Array($0.readableBytesView)) }),
    ]

    /// Random bytes, biased towards small counts and lengths so that nested structures parse
    /// part of the way instead of failing at their first length field.
    static func randomInput(_ generator: inout SeededGenerator) -> ByteBuffer {
        let length = Int.random(in: 0...(Bool.random(using: &generator) ? 40 : 600), using: &generator)
        var bytes = [UInt8](repeating: 0, count: length)
        for index in bytes.indices {
            let word = generator.next()
            bytes[index] = word & 3 == 0 ? UInt8((word >> 8) % 7) : UInt8(truncatingIfNeeded: word >> 16)
        }
        return ByteBuffer(bytes: bytes)
    }

    @Test func everyPayloadDecoderReturnsOrThrowsTorCoreError() {
        var generator = SeededGenerator(seed: 0x746F_7263_656C_6C73)
        var outcomes = [String: (accepted: Int, refused: Int)]()
        for _ in 0..<Self.iterations {
            let input = Self.randomInput(&generator)
            for (name, decode) in Self.decoders {
                do {
                    try decode(input)
                    outcomes[name, default: (0, 0)].accepted += 1
                } catch is TorCoreError {
                    outcomes[name, default: (0, 0)].refused += 1
                } catch {
                    Issue.record("\(name) threw \(error), not a TorCoreError")
                }
            }
        }
        // Every decoder refused something, so the loop exercised more than its happy path.
        // END accepts anything by design (tor-spec 6.3: a short or odd END is still an END).
        for (name, _) in Self.decoders where name != "END" {
            #expect((outcomes[name]?.refused ?? 0) > 0, "\(name) never refused random input")
        }
        #expect(outcomes.values.reduce(0) { $0 + $1.accepted } > Self.iterations)
    }

    @Test func validMessagesWithOneByteChangedReturnOrThrowTorCoreError() throws {
        // Mutating real encodings reaches deeper into the parsers than random bytes do.
        let seeds: [(String, [UInt8])] = [
            ("Ed25519 certificate", hex("01 04 0007A8E0 01" + repeated(0x11, 32) + "01 0020 04 01" + repeated(0x22, 32) + repeated(0x33, 64))),
            ("RSA crosscert", hex(repeated(0x44, 32) + "0007A8E0 80" + repeated(0x55, 128))),
            ("EXTEND2", hex("02 00 06 7F000001 2329 03 20" + repeated(0xBB, 32) + "0002 0004 01020304")),
            ("RESOLVED", hex("04 04 C0000207 0000003C 00 03 616263 00000001")),
            ("NETINFO", hex("00000000 04 04 7F000001 01 06 10" + repeated(1, 16))),
            ("CERTS", hex("02 04 0003 010203 07 0001 FF")),
        ]
        let decoders = Dictionary(uniqueKeysWithValues: Self.decoders)
        var generator = SeededGenerator(seed: 42)
        for (name, valid) in seeds {
            let decode = try #require(decoders[name])
            #expect(throws: Never.self) { try decode(ByteBuffer(bytes: valid)) }
            for _ in 0..<(Self.iterations / seeds.count) {
                var mutated = valid
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                let cut = Int.random(in: 0...mutated.count, using: &generator)
                let input = ByteBuffer(bytes: Bool.random(using: &generator) ? mutated : Array(mutated.prefix(cut)))
                do {
                    try decode(input)
                } catch is TorCoreError {
                } catch {
                    Issue.record("\(name) threw \(error), not a TorCoreError")
                }
            }
        }
    }

    @Test(arguments: [UInt16(0), 3, 4, 5])
    func theCellCodecReturnsOrThrowsTorCoreError(linkProtocol: UInt16) {
        let codec = CellCodec(linkProtocol: linkProtocol, maximumVariablePayloadLength: 2_048)
        var generator = SeededGenerator(seed: UInt64(linkProtocol) + 7)
        var cells = 0
        for _ in 0..<(Self.iterations / 4) {
            var input = Self.randomInput(&generator)
            // Bounded: each successful decode consumes at least one byte.
            for _ in 0...input.readableBytes {
                do {
                    guard let cell = try codec.decode(from: &input) else { break }
                    cells += 1
                    var output = ByteBuffer()
                    #expect(throws: Never.self) { try codec.encode(cell, into: &output) }
                } catch is TorCoreError {
                    break
                } catch {
                    Issue.record("the codec threw \(error), not a TorCoreError")
                    break
                }
            }
        }
        #expect(cells > 0)
    }
}
