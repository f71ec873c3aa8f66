import COpenSSL

extension TorCoreError.Code {
    /// OpenSSL refused to build a TLS context or connection (a library or configuration problem).
    public static let tlsSetupFailed: Self = "tls.setupFailed"
    /// The TLS handshake with the peer failed (tor-spec §2): the peer is not speaking TLS as a
    /// relay does, or no common protocol version or cipher exists.
    public static let tlsHandshakeFailed: Self = "tls.handshakeFailed"
    /// A TLS record from the peer could not be decrypted or authenticated.
    public static let tlsReadFailed: Self = "tls.readFailed"
    /// OpenSSL could not encrypt outgoing plaintext.
    public static let tlsWriteFailed: Self = "tls.writeFailed"
    /// Plaintext was written before the handshake finished or after the connection was closed.
    public static let tlsNotReady: Self = "tls.notReady"
}
