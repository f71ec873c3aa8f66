import COpenSSL
import NIOCore

/// The TLS layer under a Tor channel (tor-spec §2) as a sans-IO state machine: OpenSSL runs over
/// a pair of memory BIOs, the caller moves ciphertext between them and the socket.
///
/// Client mode: TLS 1.2 or newer, no certificate of our own, no verification of the relay's
/// certificate (tor-spec §2, §4: the CERTS cell binds the relay's identity to the SHA-256 of
/// ``peerCertificateDER`` later), no session resumption or compression (§2.2).
///
/// Not thread-safe: one engine lives on one event loop. OpenSSL's error queue is per thread,
/// which is why every call clears it first.
public final class TLSEngine {
    /// Where the handshake stands after ``advanceHandshake()``.
    public enum HandshakeProgress: Sendable, Equatable {
        /// The engine waits for more ciphertext from the peer (send ``takeCiphertext(into:)`` first).
        case inProgress
        /// The handshake is done; plaintext may flow both ways.
        case complete
    }

    /// Highest TLS version the engine may negotiate. Open: only these two are meaningful today.
    public struct ProtocolVersion: Sendable, Hashable {
        let rawValue: Int32
        /// TLS 1.2 (RFC 5246), the minimum tor relays accept.
        public static let tls12 = Self(rawValue: TLS1_2_VERSION)
        /// TLS 1.3 (RFC 8446).
        public static let tls13 = Self(rawValue: TLS1_3_VERSION)
    }


    // Internal, not private: TLSEngine+Records.swift moves the application data.
    let ssl: OpaquePointer
    let readBIO: OpaquePointer
    let writeBIO: OpaquePointer
    let isServer: Bool
    /// True once ``close()`` ran: no more plaintext may be written.
    var isClosed = false
    /// Set when the peer's close_notify arrives; read it through ``peerSentCloseNotify``.
    var receivedCloseNotify = false

    /// A client engine on the shared client context.
    /// - Parameters:
    ///   - serverName: an SNI host name to send, or nil for none (tor relays accept both).
    ///   - maximumVersion: the highest TLS version to offer.
    public convenience init(serverName: String? = nil, maximumVersion: ProtocolVersion = .tls13) throws {
        let context = try TLSContext.sharedClient.get()
        try self.init(context: context, isServer: false)
        if let serverName {
            guard shim_SSL_set_tlsext_host_name(ssl, serverName) == 1 else {
                throw Self.setupError("setting the server name")
            }
        }
        guard shim_SSL_set_max_proto_version(ssl, maximumVersion.rawValue) == 1 else {
            throw Self.setupError("setting the maximum version")
        }
    }

    /// A server engine presenting the given certificate. Only for tests that run both ends of a
    /// TLS connection in memory; a Tor client never accepts TLS connections.
    package convenience init(serverCertificatePEM: String, privateKeyPEM: String) throws {
        let context = try TLSContext(server: (serverCertificatePEM, privateKeyPEM))
        try self.init(context: context, isServer: true)
    }

    private init(context: TLSContext, isServer: Bool) throws {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.pointer) else { throw Self.setupError("SSL_new") }
        guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw Self.setupError("BIO_new")
        }
        // An empty read BIO means "no bytes yet", never end of stream.
        _ = shim_BIO_set_mem_eof_return(readBIO, -1)
        // SSL_set_bio hands both BIOs to the SSL object, and SSL_new took its own reference on
        // the context, so `context` may be released by the caller.
        SSL_set_bio(ssl, readBIO, writeBIO)
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        self.isServer = isServer
    }

    deinit {
        SSL_free(ssl)
    }

    /// Puts the engine in its role; the first ``advanceHandshake()`` then produces the
    /// ClientHello (client) or waits for one (server).
    public func startHandshake() {
        if isServer { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
    }

    /// Feeds ciphertext the socket delivered. The memory BIO keeps it until OpenSSL consumes it.
    public func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var written = 0
        // A memory BIO only refuses a write when allocation fails, which is fatal anyway.
        let accepted = BIO_write_ex(readBIO, base, bytes.count, &written)
        precondition(accepted == 1 && written == bytes.count, "memory BIO refused \(bytes.count) bytes")
    }

    /// True when received ciphertext (or decrypted bytes) await ``readPlaintext(into:maximumBytes:)``;
    /// false means a read would return 0, so a caller need not allocate a buffer for it.
    public var hasUnreadInput: Bool {
        BIO_ctrl_pending(readBIO) > 0 || SSL_has_pending(ssl) == 1
    }

    /// Number of ciphertext bytes waiting to be sent.
    public var pendingCiphertextBytes: Int {
        Int(BIO_ctrl_pending(writeBIO))
    }

    /// Moves all ciphertext waiting to be sent into `buffer`; returns how many bytes were moved.
    @discardableResult
    public func takeCiphertext(into buffer: inout ByteBuffer) -> Int {
        let pending = pendingCiphertextBytes
        guard pending > 0 else { return 0 }
        return buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { target in
            var read = 0
            _ = BIO_read_ex(writeBIO, target.baseAddress, pending, &read)
            return read
        }
    }

    /// True once the handshake has finished.
    public var isHandshakeComplete: Bool {
        SSL_is_init_finished(ssl) == 1
    }

    /// Runs the handshake as far as the ciphertext received so far allows.
    /// - Throws: `TorCoreError` `.tlsHandshakeFailed` (`.protocolViolation`) with OpenSSL's text.
    public func advanceHandshake() throws -> HandshakeProgress {
        if isHandshakeComplete { return .complete }
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .inProgress
        default:
            throw TorCoreError(
                .tlsHandshakeFailed, kind: .protocolViolation,
                "TLS handshake with the relay failed: \(OpenSSLErrorQueue.drain(fallback: "the connection ended")). "
                    + "Check that the address is a tor ORPort.")
        }
    }
}
