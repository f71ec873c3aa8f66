import Testing
@testable import TorCore

@Suite("SecureRandom, ConstantTime, SecretBytes")
struct RandomAndSecretTests {
    @Test func randomBytesHaveTheRequestedLengthAndVary() {
        #expect(SecureRandom.bytes(0).isEmpty)
        let first = SecureRandom.bytes(32)
        let second = SecureRandom.bytes(32)
        #expect(first.count == 32)
        // Two equal 256-bit draws would mean a broken generator (probability 2^-256).
        #expect(first != second)
    }

    @Test func fillOverwritesTheWholeBuffer() {
        // 4096 random bytes are all zero with probability 2^-32768: this fails only if fill skips.
        var buffer = [UInt8](repeating: 0, count: 4096)
        buffer.withUnsafeMutableBytes { SecureRandom.fill($0) }
        #expect(buffer.contains { $0 != 0 })
        #expect(buffer.suffix(64).contains { $0 != 0 })
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(ConstantTime.equals([], []))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([0x80, 2, 3], [0, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
    }

    @Test func secretBytesKeepAndCopyTheirContent() {
        let secret = SecretBytes([9, 8, 7, 6])
        #expect(secret.count == 4)
        #expect(secret.bytes == [9, 8, 7, 6])
        #expect(secret.withUnsafeBytes { Array($0) } == [9, 8, 7, 6])
        #expect(secret.constantTimeEquals(SecretBytes([9, 8, 7, 6])))
        #expect(!secret.constantTimeEquals(SecretBytes([9, 8, 7, 5])))
        #expect(SecretBytes([]).count == 0)
    }

    @Test func secretBytesInitializedInPlace() throws {
        let secret = SecretBytes(count: 3) { buffer in
            buffer.copyBytes(from: [1, 2, 3])
        }
        #expect(secret.bytes == [1, 2, 3])
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try SecretBytes(count: 3) { _ in throw Refused() }
        }
    }
}
