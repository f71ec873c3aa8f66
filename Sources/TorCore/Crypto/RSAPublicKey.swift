import COpenSSL

/// An RSA public key: Tor's relay identity keys and directory-authority keys (tor-spec 0.3, 1.1;
/// dir-spec 3.1). Immutable; the OpenSSL `EVP_PKEY` it wraps is only read, which OpenSSL allows
/// from any thread, so the value is `Sendable`.
public struct RSAPublicKey: @unchecked Sendable {
    /// The key as OpenSSL holds it.
    let key: OwnedPublicKey
    /// The DER encoding of the PKCS#1 `RSAPublicKey` structure (what Tor hashes and sends).
    public let pkcs1DER: [UInt8]
    /// SHA-1 of ``pkcs1DER``: the relay's RSA identity digest (tor-spec 0.3, "fingerprint").
    public let fingerprint: [UInt8]

    /// Parses a DER-encoded PKCS#1 `RSAPublicKey` (as in a CERTS cell's RSA crosscert or a
    /// relay descriptor). Trailing bytes after the structure are rejected.
    public init(pkcs1DER: [UInt8]) throws {
        let parsed: OpaquePointer? = pkcs1DER.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let decoded = d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, buffer.count) else {
                return nil
            }
            guard cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                EVP_PKEY_free(decoded)
                return nil
            }
            return decoded
        }
        guard let parsed else {
            throw OpenSSLErrorQueue.error(
                "An RSA public key is not valid PKCS#1 DER",
                code: .cryptoMalformedRSAKey, kind: .protocolViolation
            )
        }
        try self.init(taking: OwnedPublicKey(parsed))
    }

    /// Parses a PEM public key, either PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`, the form Tor's
    /// directory documents use) or SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`).
    public init(pem: String) throws {
        let block = try PEMBlock(pem)
        switch block.label {
        case "RSA PUBLIC KEY":
            try self.init(pkcs1DER: block.der)
        case "PUBLIC KEY":
            let parsed: OpaquePointer? = block.der.withUnsafeBufferPointer { buffer in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_PUBKEY(nil, &cursor, buffer.count)
            }
            guard let parsed else {
                throw OpenSSLErrorQueue.error(
                    "A PEM public key is not valid SubjectPublicKeyInfo DER",
                    code: .cryptoMalformedRSAKey, kind: .protocolViolation
                )
            }
            try self.init(taking: OwnedPublicKey(parsed))
        default:
            throw TorCoreError(
                .cryptoMalformedRSAKey, kind: .protocolViolation,
                "Expected a PEM RSA public key, found a \"\(block.label)\" block"
            )
        }
    }

    /// Adopts a parsed key after checking that it is RSA.
    init(taking key: OwnedPublicKey) throws {
        guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_RSA else {
            throw TorCoreError(
                .cryptoNotRSAKey, kind: .protocolViolation,
                "The key is not an RSA key; Tor identity and directory keys are RSA"
            )
        }
        var encoded: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PublicKey(key.pointer, &encoded)
        guard length > 0, let encoded else {
            throw OpenSSLErrorQueue.error("Re-encoding an RSA public key as PKCS#1 DER failed")
        }
        defer { CRYPTO_free(encoded, #fileID, #line) }
        self.key = key
        self.pkcs1DER = Array(UnsafeBufferPointer(start: encoded, count: Int(length)))
        self.fingerprint = Digest.sha1(pkcs1DER)
    }

    /// Size of the modulus in bits (Tor identity keys are 1024; authority keys 2048 or more).
    public var bitCount: Int { Int(EVP_PKEY_get_bits(key.pointer)) }

    /// Size of a signature by this key in bytes (the modulus length).
    public var signatureLength: Int { Int(EVP_PKEY_get_size(key.pointer)) }
}

extension RSAPublicKey: Equatable {
    /// Two keys are equal when their PKCS#1 encodings are.
    public static func == (lhs: RSAPublicKey, rhs: RSAPublicKey) -> Bool {
        lhs.pkcs1DER == rhs.pkcs1DER
    }
}

/// Owns one reference to an OpenSSL `EVP_PKEY` and releases it on deinit.
final class OwnedPublicKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }
}
