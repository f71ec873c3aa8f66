import COpenSSL

/// One PEM block ("-----BEGIN LABEL-----", base64, "-----END LABEL-----"), decoded by OpenSSL.
///
/// Tor's directory documents embed keys and signatures this way (dir-spec 1.2 "Object").
struct PEMBlock {
    /// The label between "BEGIN " and the closing dashes, e.g. "RSA PUBLIC KEY".
    let label: String
    /// The decoded body.
    let der: [UInt8]

    /// Decodes the first PEM block in `text`; throws when there is none or it is malformed.
    init(_ text: String) throws {
        var utf8 = Array(text.utf8)
        let decoded: (String, [UInt8])? = utf8.withUnsafeMutableBytes { raw in
            guard raw.count > 0, raw.count <= Int(Int32.max),
                  let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count))
            else { return nil }
            defer { BIO_free(bio) }
            var name: UnsafeMutablePointer<CChar>? = nil
            var header: UnsafeMutablePointer<CChar>? = nil
            var data: UnsafeMutablePointer<UInt8>? = nil
            var length = 0
            guard PEM_read_bio(bio, &name, &header, &data, &length) == 1 else { return nil }
            defer {
                CRYPTO_free(name, #fileID, #line)
                CRYPTO_free(header, #fileID, #line)
                CRYPTO_free(data, #fileID, #line)
            }
            guard let name else { return nil }
            let body = data.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            return (String(cString: name), body)
        }
        guard let (label, der) = decoded else {
            throw OpenSSLErrorQueue.error(
                "The text is not a valid PEM block (-----BEGIN ...----- / base64 / -----END ...-----)",
                code: .cryptoMalformedPEM, kind: .protocolViolation
            )
        }
        self.label = label
        self.der = der
    }
}
