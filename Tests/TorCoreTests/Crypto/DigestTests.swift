import NIOCore
import Testing
@testable import TorCore

/// Known answers from FIPS 180-4 (SHA-1, SHA-256) and FIPS 202 (SHA3-256, SHAKE-256), as listed in
/// NIST's "Cryptographic Standards and Guidelines: Examples with Intermediate Values".
@Suite("Digests")
struct DigestTests {
    static let abc = Array("abc".utf8)
    static let twoBlock = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)

    @Test func sha1KnownAnswers() {
        #expect(Digest.sha1(Self.abc) == CryptoTestHex.bytes("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(Digest.sha1([]) == CryptoTestHex.bytes("da39a3ee5e6b4b0d3255bfef95601890afd80709"))
        #expect(Digest.sha1(Self.twoBlock) == CryptoTestHex.bytes("84983e441c3bd26ebaae4aa1f95129e5e54670f1"))
    }

    @Test func sha256KnownAnswers() {
        #expect(Digest.sha256(Self.abc) == CryptoTestHex.bytes(
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(Digest.sha256([]) == CryptoTestHex.bytes(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        #expect(Digest.sha256(Self.twoBlock) == CryptoTestHex.bytes(
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
    }

    @Test func sha3_256KnownAnswers() {
        #expect(Digest.sha3_256(Self.abc) == CryptoTestHex.bytes(
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"))
        #expect(Digest.sha3_256([]) == CryptoTestHex.bytes(
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"))
        #expect(Digest.sha3_256(Self.twoBlock) == CryptoTestHex.bytes(
            "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376"))
    }

    @Test func shake256KnownAnswers() {
        // FIPS 202 example: SHAKE-256 of the empty message, first 32 bytes.
        #expect(Digest.shake256([], outputLength: 32) == CryptoTestHex.bytes(
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"))
        // SHAKE-256("abc"), 64 bytes; value cross-checked with python3 hashlib.shake_256.
        let expected = CryptoTestHex.bytes("""
            483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739\
            d5a15bef186a5386c75744c0527e1faa9f8726e462a12a4feb06bd8801e751e4
            """)
        #expect(Digest.shake256(Self.abc, outputLength: 64) == expected)
        // A shorter read is a prefix of a longer one (it is one output stream).
        #expect(Digest.shake256(Self.abc, outputLength: 20) == Array(expected.prefix(20)))
        #expect(Digest.hash(.shake256, Self.abc) == Array(expected.prefix(32)))
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func incrementalUpdatesEqualOneShot(algorithm: DigestAlgorithm) {
        let running = RunningDigest(algorithm)
        // Split at odd offsets, across every overload, to cross internal block boundaries.
        running.update(Array(Self.twoBlock[0..<1]))
        running.update(Self.twoBlock[1..<7])
        running.update(ByteBuffer(bytes: Self.twoBlock[7..<50]))
        Self.twoBlock[50...].withUnsafeBytes { running.update($0) }
        #expect(running.digestSoFar() == Digest.hash(algorithm, Self.twoBlock))
        #expect(running.digestSoFar().count == algorithm.outputLength)
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func digestSoFarLeavesTheStateRunning(algorithm: DigestAlgorithm) {
        let running = RunningDigest(algorithm)
        running.update(Array(Self.twoBlock.prefix(13)))
        #expect(running.digestSoFar() == Digest.hash(algorithm, Array(Self.twoBlock.prefix(13))))
        // Reading twice in a row gives the same value: reading does not absorb anything.
        #expect(running.digestSoFar() == Digest.hash(algorithm, Array(Self.twoBlock.prefix(13))))
        running.update(Array(Self.twoBlock.dropFirst(13)))
        #expect(running.digestSoFar() == Digest.hash(algorithm, Self.twoBlock))
    }

    @Test func digestSoFarIntoBufferMatchesArrayForm() {
        let running = RunningDigest(.sha1)
        running.update(Self.abc)
        var output = [UInt8](repeating: 0xEE, count: 24)
        output.withUnsafeMutableBytes { running.digestSoFar(into: $0) }
        #expect(Array(output.prefix(20)) == Digest.sha1(Self.abc))
        // Bytes past the digest length are left alone.
        #expect(output.suffix(4) == [0xEE, 0xEE, 0xEE, 0xEE])
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func copiesDivergeIndependently(algorithm: DigestAlgorithm) {
        let original = RunningDigest(algorithm)
        original.update(Self.abc)
        let copy = original.copy()
        copy.update(Array("def".utf8))
        original.update(Array("xyz".utf8))
        #expect(copy.digestSoFar() == Digest.hash(algorithm, Array("abcdef".utf8)))
        #expect(original.digestSoFar() == Digest.hash(algorithm, Array("abcxyz".utf8)))
    }

    @Test func shakeSqueezeDoesNotEndTheState() {
        let running = RunningDigest(.shake256)
        running.update(Array("ab".utf8))
        #expect(running.squeeze(outputLength: 40) == Digest.shake256(Array("ab".utf8), outputLength: 40))
        running.update(Array("c".utf8))
        #expect(running.squeeze(outputLength: 64) == Digest.shake256(Self.abc, outputLength: 64))
    }
}
