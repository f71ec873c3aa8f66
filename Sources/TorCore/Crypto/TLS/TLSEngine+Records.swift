import COpenSSL
import NIOCore

extension TLSEngine {
    /// Writable space asked of the plaintext buffer before each `SSL_read_ex`: a quarter of a
    /// full TLS record (RFC 8446 §5.1: at most 2^14 plaintext bytes), so small reads stay small.
    private static let readChunkBytes = 4096

    /// True once the peer sent close_notify; no more plaintext will arrive.
    public var peerSentCloseNotify: Bool { receivedCloseNotify }

    /// Decrypts what the received ciphertext holds into `buffer`, at most `maximumBytes`.
    /// - Returns: the number of plaintext bytes appended; 0 when a full record has not arrived
    ///   yet, or when the peer closed (see ``peerSentCloseNotify``).
    /// - Throws: `TorCoreError` `.tlsReadFailed` (`.protocolViolation`) for a record that fails
    ///   to decrypt or authenticate, an alert from the peer, or `.tlsNotReady` before the handshake.
    public func readPlaintext(into buffer: inout ByteBuffer, maximumBytes: Int = .max) throws -> Int {
        guard isHandshakeComplete else { throw Self.notReady("read before the TLS handshake finished") }
        var total = 0
        while total < maximumBytes, !receivedCloseNotify {
            OpenSSLErrorQueue.clear()
            var status: Int32 = 1
            let limit = maximumBytes - total
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: min(limit, Self.readChunkBytes)) {
                target in
                var read = 0
                status = SSL_read_ex(ssl, target.baseAddress, min(target.count, limit), &read)
                return status == 1 ? read : 0
            }
            if status == 1 {
                total += count
                continue
            }
            switch SSL_get_error(ssl, status) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return total
            case SSL_ERROR_ZERO_RETURN:
                receivedCloseNotify = true
            default:
                throw TorCoreError(
                    .tlsReadFailed, kind: .protocolViolation,
                    "The relay sent a TLS record that failed: \(OpenSSLErrorQueue.drain(fallback: "unknown error")). "
                        + "The channel must be closed; try another relay if it repeats.")
            }
        }
        return total
    }

    /// Encrypts `bytes` into TLS records; collect them with ``takeCiphertext(into:)``.
    /// - Throws: `.tlsNotReady` before the handshake finished or after ``close()``;
    ///   `.tlsWriteFailed` if OpenSSL refuses.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws {
        guard isHandshakeComplete, !isClosed else {
            throw Self.notReady(isClosed ? "write after the TLS connection was closed" : "write before the TLS handshake finished")
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        OpenSSLErrorQueue.clear()
        var written = 0
        // The write BIO grows without bound and renegotiation is off, so a write either takes
        // every byte (partial writes are not enabled) or fails for good.
        let status = SSL_write_ex(ssl, base, bytes.count, &written)
        guard status == 1, written == bytes.count else {
            throw TorCoreError(
                .tlsWriteFailed, kind: .internalFailure,
                "TLS encryption failed: \(OpenSSLErrorQueue.drain(fallback: "error \(SSL_get_error(ssl, status))")).")
        }
    }

    /// Queues close_notify for the peer (collect it with ``takeCiphertext(into:)``). Later writes
    /// throw. Does nothing before the handshake finished, when there is no session to close.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        guard isHandshakeComplete else { return }
        OpenSSLErrorQueue.clear()
        // 0 means "sent, the peer's close_notify not seen yet"; we do not wait for it.
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    /// DER bytes of the leaf certificate the peer presented, nil before the handshake or when
    /// it sent none. tor-spec §4.2: the CERTS cell's link certificate must hash to this.
    public var peerCertificateDER: [UInt8]? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { return nil }
        return [UInt8](unsafeUninitializedCapacity: Int(length)) { storage, initialized in
            var cursor = storage.baseAddress
            initialized = Int(max(0, i2d_X509(certificate, &cursor)))
        }
    }

    /// The negotiated protocol, e.g. "TLSv1.3"; "unknown" before the handshake.
    public var negotiatedProtocolVersion: String {
        isHandshakeComplete ? String(cString: SSL_get_version(ssl)) : "unknown"
    }

    /// The negotiated cipher suite's OpenSSL name, e.g. "TLS_AES_256_GCM_SHA384"; nil before
    /// the handshake.
    public var negotiatedCipherSuite: String? {
        guard isHandshakeComplete, let cipher = SSL_get_current_cipher(ssl),
            let name = SSL_CIPHER_get_name(cipher)
        else { return nil }
        return String(cString: name)
    }

    static func notReady(_ what: String) -> TorCoreError {
        TorCoreError(.tlsNotReady, kind: .internalFailure, "Bug: \(what).")
    }

    static func setupError(_ step: String) -> TorCoreError {
        TorCoreError(
            .tlsSetupFailed, kind: .internalFailure,
            "Could not set up a TLS connection (\(step)): \(OpenSSLErrorQueue.drain(fallback: "no OpenSSL error recorded")).")
    }
}
