import COpenSSL

/// HMAC (RFC 2104) over OpenSSL's `EVP_MAC`, as ntor uses it for its verify and AUTH values
/// (tor-spec 5.1.4) and HKDF for its key expansion.
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key` (32 bytes). Any key length is allowed, including 0.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        authenticate(.sha256, key: key, message: message)
    }

    /// HMAC with `algorithm` (SHA-1, SHA-256 or SHA3-256; SHAKE-256 has no HMAC).
    public static func authenticate(_ algorithm: DigestAlgorithm, key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(!algorithm.isExtendableOutput, "HMAC is not defined over SHAKE-256")
        let length = algorithm.outputLength
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            compute(algorithm, key: key, message: message, into: output.baseAddress!, capacity: length)
            initialized = length
        }
    }

    private static func compute(
        _ algorithm: DigestAlgorithm, key: [UInt8], message: [UInt8],
        into output: UnsafeMutablePointer<UInt8>, capacity: Int
    ) {
        // Duplicating a template that already holds the digest avoids a digest fetch per call.
        guard let context = EVP_MAC_CTX_dup(MACTemplates.shared.template(for: algorithm)) else {
            OpenSSLErrorQueue.fatal("EVP_MAC_CTX_dup failed (out of memory)")
        }
        defer { EVP_MAC_CTX_free(context) }
        var written = 0
        let succeeded = withNonNullBytes(key) { keyBase, keyCount in
            withNonNullBytes(message) { messageBase, messageCount in
                EVP_MAC_init(context, keyBase, keyCount, nil) == 1
                    && EVP_MAC_update(context, messageBase, messageCount) == 1
                    && EVP_MAC_final(context, output, &written, capacity) == 1
            }
        }
        guard succeeded, written == capacity else { OpenSSLErrorQueue.fatal("HMAC computation failed") }
    }
}

/// One `EVP_MAC_CTX` per digest with the digest already set, only ever duplicated, never used,
/// so concurrent readers are safe; kept for the life of the process.
private final class MACTemplates: @unchecked Sendable {
    static let shared = MACTemplates()

    private let sha1: OpaquePointer
    private let sha256: OpaquePointer
    private let sha3_256: OpaquePointer

    private init() {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            OpenSSLErrorQueue.fatal("OpenSSL offers no HMAC implementation")
        }
        defer { EVP_MAC_free(mac) }
        sha1 = Self.template(mac, digestName: "SHA1")
        sha256 = Self.template(mac, digestName: "SHA256")
        sha3_256 = Self.template(mac, digestName: "SHA3-256")
    }

    func template(for algorithm: DigestAlgorithm) -> OpaquePointer {
        switch algorithm {
        case .sha1: sha1
        case .sha256: sha256
        case .sha3_256: sha3_256
        case .shake256: preconditionFailure("HMAC is not defined over SHAKE-256")
        }
    }

    private static func template(_ mac: OpaquePointer, digestName: StaticString) -> OpaquePointer {
        guard let context = EVP_MAC_CTX_new(mac) else {
            OpenSSLErrorQueue.fatal("EVP_MAC_CTX_new failed (out of memory)")
        }
        let parameters = [
            OSSL_PARAM_construct_utf8_string(
                OpenSSLName.pointer("digest"), OpenSSLName.mutablePointer(digestName), 0),
            OSSL_PARAM_construct_end(),
        ]
        guard EVP_MAC_CTX_set_params(context, parameters) == 1 else {
            OpenSSLErrorQueue.fatal("HMAC rejected digest \(digestName)")
        }
        return context
    }
}

/// C strings for `OSSL_PARAM` keys and values: OpenSSL keeps the pointers, so they must outlive
/// the parameter array, which static strings (stored in the binary) always do.
enum OpenSSLName {
    static func pointer(_ name: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// OpenSSL's setters take `char *` but only read it.
    static func mutablePointer(_ name: StaticString) -> UnsafeMutablePointer<CChar> {
        UnsafeMutablePointer(mutating: pointer(name))
    }
}
