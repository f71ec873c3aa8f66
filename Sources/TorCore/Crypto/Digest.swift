import COpenSSL

/// One-shot hashes of a whole message (tor-spec 0.3: H(m) is SHA-1 unless said otherwise).
///
/// Each call is one `EVP_Digest` over a process-wide fetched `EVP_MD`; for data that arrives in pieces, or digests
/// read repeatedly, use ``RunningDigest``.
public enum Digest {
    /// SHA-1 of `message` (20 bytes): RSA identity fingerprints, KDF-TOR.
    public static func sha1(_ message: [UInt8]) -> [UInt8] {
        hash(.sha1, message)
    }

    /// SHA-256 of `message` (32 bytes): certificate digests, ntor.
    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        hash(.sha256, message)
    }

    /// SHA3-256 of `message` (32 bytes): ntor v3 and onion-service keys.
    public static func sha3_256(_ message: [UInt8]) -> [UInt8] {
        hash(.sha3_256, message)
    }

    /// The first `outputLength` bytes of SHAKE-256 over `message`.
    public static func shake256(_ message: [UInt8], outputLength: Int) -> [UInt8] {
        let digest = RunningDigest(.shake256)
        digest.update(message)
        return digest.squeeze(outputLength: outputLength)
    }

    /// `algorithm` over `message`, at the algorithm's default output length.
    public static func hash(_ algorithm: DigestAlgorithm, _ message: [UInt8]) -> [UInt8] {
        if algorithm.isExtendableOutput {
            return shake256(message, outputLength: algorithm.outputLength)
        }
        let length = algorithm.outputLength
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            let status = withNonNullBytes(message) { base, count in
                EVP_Digest(base, count, output.baseAddress, nil, algorithm.implementation, nil)
            }
            guard status == 1 else { OpenSSLErrorQueue.fatal("EVP_Digest failed") }
            initialized = length
        }
    }
}
