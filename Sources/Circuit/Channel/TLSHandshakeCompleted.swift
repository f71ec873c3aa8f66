import TorCore

/// User inbound event fired by ``TLSChannelHandler`` once the TLS handshake with a relay is done.
///
/// tor-spec §4.2: the link handshake that follows must check that the CERTS cell's link
/// certificate hashes (SHA-256) to ``peerCertificateDER``; until then the relay is unauthenticated.
public struct TLSHandshakeCompleted: Sendable, Equatable {
    /// DER of the leaf certificate the relay presented in TLS; empty if it sent none.
    public let peerCertificateDER: [UInt8]
    /// The negotiated protocol as OpenSSL names it, e.g. "TLSv1.3".
    public let protocolVersion: String
    /// The negotiated cipher suite as OpenSSL names it, e.g. "TLS_AES_256_GCM_SHA384".
    public let cipherSuite: String

    /// Creates the event; the handler fills it from its ``TorCore/TLSEngine``.
    public init(peerCertificateDER: [UInt8], protocolVersion: String = "unknown", cipherSuite: String = "unknown") {
        self.peerCertificateDER = peerCertificateDER
        self.protocolVersion = protocolVersion
        self.cipherSuite = cipherSuite
    }
}

extension CircuitError.Code {
    /// The TLS handshake did not finish within the configured time.
    public static let tlsHandshakeTimedOut: Self = "channel.tls.handshakeTimedOut"
    /// The relay closed the TCP connection before the TLS handshake finished.
    public static let tlsClosedDuringHandshake: Self = "channel.tls.closedDuringHandshake"
    /// The TLS engine failed (handshake, record decryption, encryption); the reason carries
    /// the TorCore code and OpenSSL's text.
    public static let tlsFailed: Self = "channel.tls.failed"
    /// More plaintext was written before the handshake finished than the handler buffers.
    public static let tlsWriteBufferFull: Self = "channel.tls.writeBufferFull"
}
