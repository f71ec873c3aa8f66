import Testing
@testable import Directory

/// Seeded, bounded fuzzing: mutated real documents go through the tokenizer and every document
/// parser. Each run must end in a value or a located ``DirectoryError``, never a trap, and what
/// the tokenizer returns must keep its invariants. The seed is fixed so a failure reproduces.
@Suite("Directory documents: seeded fuzz")
struct DocumentFuzzTests {
    /// SplitMix64: small, fast and fully determined by its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let iterations = 500
    static let interestingBytes: [UInt8] = Array("\n \t-=+/,:.0A~".utf8) + [0x00, 0x0D, 0x7F, 0xFF]
    static let fragments = ["-----BEGIN SIGNATURE-----\n", "-----END SIGNATURE-----\n", "\n", "r x\n",
                            "directory-signature ", "onion-key\n", "dir-key-certificate-version 3\n", "===="]

    static func mutate(_ input: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0:
                bytes[position] = interestingBytes.randomElement(using: &generator)!
            case 1:
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 2:
                let end = min(bytes.count, position + Int.random(in: 1...200, using: &generator))
                bytes.removeSubrange(position..<end)
            case 3:
                bytes.insert(contentsOf: Array(fragments.randomElement(using: &generator)!.utf8), at: position)
            default:
                bytes.removeSubrange(position...)
            }
        }
        return bytes
    }

    static func checkTokenizer(_ bytes: [UInt8]) {
        let lineCount = bytes.filter { $0 == UInt8(ascii: "\n") }.count
        do throws(DirectoryError) {
            let items = try DirectoryDocumentReader.items(in: bytes)
            var previousEnd = 0
            var consistent = true
            // One expectation per document: recording one per item would dominate the run time.
            for item in items {
                consistent = consistent
                    && item.byteRange.lowerBound >= previousEnd && item.byteRange.upperBound <= bytes.count
                    && item.keywordLineEnd <= item.byteRange.upperBound
                    && bytes[item.byteRange].starts(with: Array(item.keyword.utf8))
                    && bytes[item.byteRange.upperBound - 1] == UInt8(ascii: "\n")
                previousEnd = item.byteRange.upperBound
            }
            #expect(consistent)
        } catch {
            #expect(error.kind == .protocolViolation)
            #expect((1...(lineCount + 1)).contains(error.location?.line ?? 0), "\(error)")
        }
    }

    @Test(arguments: [("consensus-microdesc", UInt64(1)), ("keys-all", 2), ("microdescriptors", 3)])
    func mutatedDocumentsNeverTrap(name: String, seed: UInt64) throws {
        let original = try Fixtures.bytes(name)
        var generator = SeededGenerator(state: seed)
        var failures = 0
        for _ in 0..<Self.iterations {
            let bytes = Self.mutate(original, &generator)
            Self.checkTokenizer(bytes)
            do throws(DirectoryError) {
                switch name {
                case "consensus-microdesc": _ = try MicrodescConsensus(parsing: bytes)
                case "keys-all": _ = try AuthorityKeyCertificate.parseAll(bytes)
                default: _ = try MicrodescriptorBatch(parsing: bytes)
                }
            } catch {
                failures += 1
                #expect(error.location != nil || error.kind == .protocolViolation, "\(error)")
            }
        }
        // The mutations must actually break documents, or this test would prove nothing.
        #expect(failures > Self.iterations / 4)
    }

    @Test func randomTokenSoupNeverTraps() {
        var generator = SeededGenerator(state: 42)
        let alphabet = Array("ab-1 \t\n=/+".utf8) + Self.fragments.flatMap { Array($0.utf8) }
        for _ in 0..<Self.iterations {
            let length = Int.random(in: 0...300, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            Self.checkTokenizer(bytes)
            _ = try? MicrodescriptorBatch(parsing: bytes)
            _ = try? AuthorityKeyCertificate.parseAll(bytes)
            _ = try? MicrodescConsensus(parsing: bytes)
        }
    }
}
