import COpenSSL

/// An OpenSSL `SSL_CTX` configured the way a Tor channel needs it (tor-spec §2, §2.1, §2.2).
///
/// Invariant: the context is fully configured before it is shared and never changed afterwards,
/// which is what makes concurrent `SSL_new` on it safe (OpenSSL reference-counts and locks the
/// context internally); hence `@unchecked Sendable`.
final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX *`, owned by this object (one reference, released in `deinit`).
    let pointer: OpaquePointer

    /// TLS 1.2 cipher suites a client offers: forward-secret AEAD suites only, which tor relays
    /// select (tor-spec §2.1: ephemeral keys, and ciphers other than the v1 list so the relay
    /// uses the in-protocol handshake). TLS 1.3 suites are set separately.
    static let tls12CipherList =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384"

    /// TLS 1.3 cipher suites, listed explicitly so a system-wide OpenSSL configuration cannot
    /// change what we offer.
    static let tls13CipherSuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"

    /// The one client context every ``TLSEngine`` shares, created on first use.
    static let sharedClient: Result<TLSContext, TorCoreError> = {
        do throws(TorCoreError) { return .success(try TLSContext(server: nil)) } catch { return .failure(error) }
    }()

    /// Builds a context; `server` carries the PEM certificate and key for server mode (used by
    /// tests that run both ends of a connection in memory), nil for the client.
    init(server: (certificatePEM: String, privateKeyPEM: String)?) throws(TorCoreError) {
        OpenSSLErrorQueue.clear()
        guard let method = server == nil ? TLS_client_method() : TLS_server_method(),
            let context = SSL_CTX_new(method)
        else { throw Self.setupError("SSL_CTX_new") }
        pointer = context
        try check(shim_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1, "minimum version")
        // tor-spec §2.2: no session resumption and no compression. Renegotiation is a relic of
        // the v2 handshake that relays no longer use.
        SSL_CTX_set_options(
            context,
            shim_SSL_OP_NO_TICKET() | shim_SSL_OP_NO_COMPRESSION() | shim_SSL_OP_NO_RENEGOTIATION())
        _ = shim_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        // Idle channels are common (one per guard); let OpenSSL free its record buffers.
        _ = shim_SSL_CTX_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS))
        try check(SSL_CTX_set_cipher_list(context, Self.tls12CipherList) == 1, "TLS 1.2 ciphers")
        try check(SSL_CTX_set_ciphersuites(context, Self.tls13CipherSuites) == 1, "TLS 1.3 ciphers")
        // tor-spec §2, §4: the relay's certificate is not checked against any CA; the CERTS
        // cell later binds its SHA-256 to the relay's identity.
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if let server {
            try loadServerIdentity(certificatePEM: server.certificatePEM, privateKeyPEM: server.privateKeyPEM)
        }
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    private func loadServerIdentity(certificatePEM: String, privateKeyPEM: String) throws(TorCoreError) {
        guard let certificate = Self.readPEM(certificatePEM, { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            throw Self.setupError("reading the PEM certificate")
        }
        defer { X509_free(certificate) }
        guard let key = Self.readPEM(privateKeyPEM, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            throw Self.setupError("reading the PEM private key")
        }
        defer { EVP_PKEY_free(key) }
        try check(SSL_CTX_use_certificate(pointer, certificate) == 1, "installing the certificate")
        try check(SSL_CTX_use_PrivateKey(pointer, key) == 1, "installing the private key")
    }

    /// Parses one PEM object with `reader` (a `PEM_read_bio_*` call) from a memory BIO.
    private static func readPEM(_ text: String, _ reader: (OpaquePointer) -> OpaquePointer?) -> OpaquePointer? {
        // The BIO borrows the bytes without copying, so it must not outlive this closure.
        Array(text.utf8).withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            return reader(bio)
        }
    }

    private func check(_ succeeded: Bool, _ step: String) throws(TorCoreError) {
        if !succeeded { throw Self.setupError(step) }
    }

    private static func setupError(_ step: String) -> TorCoreError {
        let detail = OpenSSLErrorQueue.drain(fallback: "no OpenSSL error recorded")
        return TorCoreError(
            .tlsSetupFailed, kind: .internalFailure,
            "Could not set up TLS (\(step)): \(detail). Check that the system OpenSSL is 3.0 or newer.")
    }
}
