import COpenSSL

/// An RSA private key that makes Tor-style signatures, for test fixtures and tools.
///
/// A Tor client signs nothing with RSA; tests need it to build signed descriptors, key
/// certificates and crosscerts that the verification paths then check. OpenSSL keeps the key
/// material and clears it when the last reference is freed.
public struct RSAPrivateKey: @unchecked Sendable {
    private let key: OwnedPublicKey
    /// The matching public key.
    public let publicKey: RSAPublicKey

    /// A fresh key of `bitCount` bits with public exponent 65537 (Tor identity keys are 1024).
    public static func generate(bitCount: Int = 1024) throws -> RSAPrivateKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw OpenSSLErrorQueue.error("Creating an RSA key-generation context failed")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var generated: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bitCount)) == 1,
              EVP_PKEY_generate(context, &generated) == 1,
              let generated
        else { throw OpenSSLErrorQueue.error("Generating a \(bitCount)-bit RSA key failed") }
        return try RSAPrivateKey(taking: OwnedPublicKey(generated))
    }

    /// Parses a PEM private key: PKCS#1 ("-----BEGIN RSA PRIVATE KEY-----", as tor's
    /// `secret_id_key` file) or unencrypted PKCS#8 ("-----BEGIN PRIVATE KEY-----").
    public init(pem: String) throws {
        var utf8 = Array(pem.utf8)
        let parsed: OpaquePointer? = utf8.withUnsafeMutableBytes { raw in
            guard raw.count > 0, raw.count <= Int(Int32.max),
                  let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count))
            else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let parsed else {
            throw OpenSSLErrorQueue.error(
                "The text is not an unencrypted PEM private key",
                code: .cryptoMalformedPEM, kind: .badInput
            )
        }
        try self.init(taking: OwnedPublicKey(parsed))
    }

    private init(taking key: OwnedPublicKey) throws {
        // RSAPublicKey re-encodes only the public half, so the private parts stay in OpenSSL.
        var encoded: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_PublicKey(key.pointer, &encoded)
        guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_RSA, length > 0, let encoded else {
            throw TorCoreError(.cryptoNotRSAKey, kind: .badInput, "The private key is not an RSA key")
        }
        defer { CRYPTO_free(encoded, #fileID, #line) }
        self.key = key
        self.publicKey = try RSAPublicKey(pkcs1DER: Array(UnsafeBufferPointer(start: encoded, count: Int(length))))
    }

    /// Tor's signature of `digest`: PKCS#1 v1.5 type-1 padding around the raw bytes, with no
    /// DigestInfo (the inverse of ``RSAPublicKey/verifyTorSignature(_:digest:)``).
    public func torSignature(digest: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
            throw OpenSSLErrorQueue.error("Creating an RSA signing context failed")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: publicKey.signatureLength)
        var length = signature.count
        let signed = EVP_PKEY_sign_init(context) == 1
            && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
            && withNonNullBytes(digest) { EVP_PKEY_sign(context, &signature, &length, $0, $1) } == 1
        guard signed else {
            throw OpenSSLErrorQueue.error(
                "RSA signing failed (a \(digest.count)-byte payload may be too long for the key)",
                code: .cryptoLibraryFailure, kind: .badInput
            )
        }
        return Array(signature.prefix(length))
    }
}
