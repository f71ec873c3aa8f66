import COpenSSL

extension RSAPublicKey {
    /// True when `signature` is Tor's RSA signature of `digest`.
    ///
    /// Tor signs a digest by padding the *raw digest bytes* with PKCS#1 v1.5 type 1 and applying
    /// the private key, with no ASN.1 DigestInfo around the digest (tor-spec 0.3, dir-spec 3.1
    /// directory signatures, tor-spec 4.2 RSA->Ed25519 crosscert). So the check recovers the
    /// padded payload with the public key and compares it, in constant time, to `digest`.
    public func verifyTorSignature(_ signature: [UInt8], digest: [UInt8]) -> Bool {
        guard !signature.isEmpty, !digest.isEmpty,
              let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil)
        else { return false }
        defer {
            EVP_PKEY_CTX_free(context)
            ERR_clear_error()
        }
        guard EVP_PKEY_verify_recover_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        else { return false }
        var recovered = [UInt8](repeating: 0, count: signatureLength)
        var recoveredLength = recovered.count
        let status = signature.withUnsafeBufferPointer { signatureBytes in
            EVP_PKEY_verify_recover(
                context, &recovered, &recoveredLength,
                signatureBytes.baseAddress, signatureBytes.count
            )
        }
        guard status == 1, recoveredLength == digest.count else { return false }
        return ConstantTime.equals(Array(recovered.prefix(recoveredLength)), digest)
    }

    /// True when `signature` is a standard RSASSA-PKCS1-v1_5 SHA-256 signature of `message`
    /// (RFC 8017 8.2, with the DigestInfo wrapper), as X.509 certificates carry.
    public func verifyPKCS1v15SHA256(signature: [UInt8], message: [UInt8]) -> Bool {
        guard !signature.isEmpty, let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit_ex(context, nil, "SHA256", nil, nil, key.pointer, nil) == 1 else {
            return false
        }
        let status = signature.withUnsafeBufferPointer { signatureBytes in
            withNonNullBytes(message) { messageBase, messageCount in
                EVP_DigestVerify(
                    context, signatureBytes.baseAddress, signatureBytes.count,
                    messageBase, messageCount
                )
            }
        }
        return status == 1
    }
}
