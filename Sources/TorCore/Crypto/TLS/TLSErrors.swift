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

/// Reads and empties OpenSSL's per-thread error queue.
///
/// Invariant: every TLS call starts with an empty queue (``clear()``) and every failure drains it
/// (``drain()``), so an error text never describes an earlier, unrelated failure.
enum OpenSSLErrorQueue {
    /// Longest text OpenSSL writes for one queued error (its documented minimum buffer is 256).
    private static let lineLength = 256

    /// Discards whatever earlier calls on this thread left in the queue.
    static func clear() {
        ERR_clear_error()
    }

    /// Returns the queued errors as one line of text (oldest first) and empties the queue;
    /// `fallback` when the queue was empty, as it is for a bare EOF from the peer.
    static func drain(fallback: String) -> String {
        var lines: [String] = []
        var code = ERR_get_error()
        while code != 0 {
            var text = [CChar](repeating: 0, count: lineLength)
            ERR_error_string_n(code, &text, text.count)
            lines.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            code = ERR_get_error()
        }
        return lines.isEmpty ? fallback : lines.joined(separator: "; ")
    }
}
