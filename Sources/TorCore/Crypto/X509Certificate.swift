import COpenSSL

/// An X.509 certificate as a relay presents them: the TLS link certificate and, in CERTS cells,
/// the RSA identity certificate (tor-spec 4.2, cert types 1-3).
///
/// Immutable; the wrapped OpenSSL `X509` is only read, so the value is `Sendable`. Parsing
/// checks structure only: whether the certificate is current and who signed it are separate
/// questions (``notBefore``, ``notAfter``, ``isSigned(by:)``).
public struct X509Certificate: @unchecked Sendable {
    private let certificate: OwnedCertificate
    /// The exact DER bytes the certificate was parsed from.
    public let der: [UInt8]
    /// Start of validity, Unix seconds (UTC).
    public let notBefore: Int64
    /// End of validity, Unix seconds (UTC).
    public let notAfter: Int64
    /// SHA-256 of ``der``: what the CERTS cell's Ed25519 TLS-link certificate binds (tor-spec 4.2).
    public let sha256Digest: [UInt8]

    /// Parses one DER certificate; trailing bytes are rejected.
    public init(der: [UInt8]) throws {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let decoded = d2i_X509(nil, &cursor, buffer.count) else { return nil }
            guard cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                X509_free(decoded)
                return nil
            }
            return decoded
        }
        guard let parsed else {
            throw OpenSSLErrorQueue.error(
                "An X.509 certificate is not valid DER",
                code: .cryptoMalformedCertificate, kind: .protocolViolation
            )
        }
        certificate = OwnedCertificate(parsed)
        guard let notBefore = Self.unixSeconds(X509_get0_notBefore(parsed)),
              let notAfter = Self.unixSeconds(X509_get0_notAfter(parsed))
        else {
            throw OpenSSLErrorQueue.error(
                "An X.509 certificate has an unreadable validity time",
                code: .cryptoMalformedCertificate, kind: .protocolViolation
            )
        }
        self.der = der
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sha256Digest = Digest.sha256(der)
    }

    /// Parses a PEM certificate ("-----BEGIN CERTIFICATE-----"), for fixtures and tools.
    public init(pem: String) throws {
        let block = try PEMBlock(pem)
        guard block.label == "CERTIFICATE" else {
            throw TorCoreError(
                .cryptoMalformedCertificate, kind: .protocolViolation,
                "Expected a PEM certificate, found a \"\(block.label)\" block"
            )
        }
        try self.init(der: block.der)
    }

    /// The subject's public key; throws ``TorCoreError/Code/cryptoNotRSAKey`` if it is not RSA
    /// (Tor's link and identity certificates carry RSA keys).
    public func rsaPublicKey() throws -> RSAPublicKey {
        guard let key = X509_get_pubkey(certificate.pointer) else {
            throw OpenSSLErrorQueue.error(
                "An X.509 certificate's public key cannot be read",
                code: .cryptoMalformedCertificate, kind: .protocolViolation
            )
        }
        return try RSAPublicKey(taking: OwnedPublicKey(key))
    }

    /// True when the certificate's signature verifies under `key` (`X509_verify`). Only the
    /// signature is checked, not validity dates or any chain.
    public func isSigned(by key: RSAPublicKey) -> Bool {
        defer { ERR_clear_error() }
        return X509_verify(certificate.pointer, key.key.pointer) == 1
    }

    /// True when `unixTime` lies within ``notBefore`` ... ``notAfter`` (inclusive).
    public func isValid(atUnixTime unixTime: Int64) -> Bool {
        notBefore <= unixTime && unixTime <= notAfter
    }

    private static func unixSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var broken = tm()
        guard ASN1_TIME_to_tm(time, &broken) == 1 else { return nil }
        return CivilTime.unixSeconds(
            year: Int64(broken.tm_year) + 1900, month: Int64(broken.tm_mon) + 1,
            day: Int64(broken.tm_mday), hour: Int64(broken.tm_hour),
            minute: Int64(broken.tm_min), second: Int64(broken.tm_sec)
        )
    }
}

/// Owns one `X509` and frees it on deinit.
private final class OwnedCertificate: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }
}
