import TorCore

/// The hash, MAC, KDF and cipher ntor v3 is built from, with its tweak strings
/// (proposal 332 A.1, PROTOID from A.2).
enum NtorV3Primitives {
    static let protocolID = Array("ntor3-curve25519-sha3_256-1".utf8)
    static let messageKDFTweak = protocolID + Array(":kdf_phase1".utf8)
    static let messageMACTweak = protocolID + Array(":msg_mac".utf8)
    static let keySeedTweak = protocolID + Array(":key_seed".utf8)
    static let verifyTweak = protocolID + Array(":verify".utf8)
    static let finalKDFTweak = protocolID + Array(":kdf_final".utf8)
    static let authTweak = protocolID + Array(":auth_final".utf8)

    /// ENCAP(s) = htonll(len(s)) | s.
    static func encapsulate(_ bytes: [UInt8]) -> [UInt8] {
        let length = UInt64(bytes.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (56 - 8 * $0)) } + bytes
    }

    /// H(s, t) = SHA3-256(ENCAP(t) | s).
    static func hash(_ bytes: [UInt8], tweak: [UInt8]) -> [UInt8] {
        Digest.sha3_256(encapsulate(tweak) + bytes)
    }

    /// MAC(k, msg, t) = SHA3-256(ENCAP(t) | ENCAP(k) | msg).
    static func mac(key: [UInt8], message: [UInt8], tweak: [UInt8]) -> [UInt8] {
        Digest.sha3_256(encapsulate(tweak) + encapsulate(key) + message)
    }

    /// KDF(s, t) = SHAKE-256(ENCAP(t) | s), the first `outputLength` bytes.
    static func kdf(_ bytes: [UInt8], tweak: [UInt8], outputLength: Int) -> [UInt8] {
        Digest.shake256(encapsulate(tweak) + bytes, outputLength: outputLength)
    }

    /// ENC(k, m) = AES-256-CTR with a zero IV; its own inverse.
    static func encrypt(_ bytes: inout [UInt8], key: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        let cipher = try AESCTR(key: key)
        cipher.apply(&bytes)
    }
}
