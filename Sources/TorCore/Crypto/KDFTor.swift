/// KDF-TOR (tor-spec 5.2.1): the SHA-1 counter-mode key expansion used with CREATE_FAST.
///
/// K = H(K0 | [00]) | H(K0 | [01]) | H(K0 | [02]) | ..., cut to the length needed. tor-spec
/// 5.1.1 (CREATE_FAST) derives KH, Df, Db, Kf, Kb from it.
public enum KDFTor {
    /// The counter is one byte, so at most 256 SHA-1 blocks exist.
    public static let maximumOutputLength = 256 * 20

    /// `outputLength` bytes (0 ... ``maximumOutputLength``) expanded from `secret` (K0).
    public static func derive(secret: [UInt8], outputLength: Int) -> [UInt8] {
        precondition(
            (0...maximumOutputLength).contains(outputLength),
            "KDF-TOR output must be 0...\(maximumOutputLength) bytes"
        )
        var output: [UInt8] = []
        output.reserveCapacity(outputLength + 20)
        var block = [UInt8](repeating: 0, count: 20)
        var counter = 0
        while output.count < outputLength {
            let digest = RunningDigest(.sha1)
            digest.update(secret)
            digest.update([UInt8(counter)])
            block.withUnsafeMutableBytes { digest.digestSoFar(into: $0) }
            output += block
            counter += 1
        }
        wipe(&block)
        let result = Array(output.prefix(outputLength))
        wipe(&output)
        return result
    }
}
