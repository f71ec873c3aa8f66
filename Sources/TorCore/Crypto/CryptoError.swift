import COpenSSL

extension TorCoreError.Code {
    /// OpenSSL reported a failure that valid input cannot cause (kind `.internalFailure`).
    public static let cryptoLibraryFailure: Self = "crypto.library"
    /// A key, IV or seed had the wrong length for the primitive (kind `.badInput`).
    public static let cryptoKeyLength: Self = "crypto.key.length"
    /// An X25519 exchange produced the all-zero secret: the peer sent a low-order point
    /// (tor-spec 5.1.4 requires rejecting it; kind `.protocolViolation`).
    public static let cryptoLowOrderPoint: Self = "crypto.x25519.low-order"
    /// An RSA public key was not valid DER or PEM (kind `.protocolViolation`).
    public static let cryptoMalformedRSAKey: Self = "crypto.rsa.malformed"
    /// A public key was valid but not RSA where Tor requires RSA (kind `.protocolViolation`).
    public static let cryptoNotRSAKey: Self = "crypto.rsa.wrong-type"
    /// Text was not a well-formed PEM block (kind `.protocolViolation`).
    public static let cryptoMalformedPEM: Self = "crypto.pem.malformed"
    /// An X.509 certificate was not valid DER (kind `.protocolViolation`).
    public static let cryptoMalformedCertificate: Self = "crypto.x509.malformed"
}

/// Turns the thread-local OpenSSL error queue into a ``TorCoreError``.
///
/// The queue is drained completely so that a stale entry never leaks into the report of a
/// later, unrelated failure on the same thread.
enum OpenSSLErrorQueue {
    /// Longest message OpenSSL formats for one error entry (its own docs recommend 256).
    private static let messageCapacity = 256

    /// Drains the queue and returns its entries joined by "; " (empty when there were none).
    static func drain() -> String {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: messageCapacity)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            messages.append(String(decoding: bytes, as: UTF8.self))
        }
        return messages.joined(separator: "; ")
    }

    /// An error with `code` and `kind` whose reason is `what` followed by OpenSSL's own words.
    static func error(
        _ what: String,
        code: TorCoreError.Code = .cryptoLibraryFailure,
        kind: TorCoreError.Kind = .internalFailure,
        file: String = #fileID, line: Int = #line
    ) -> TorCoreError {
        let detail = drain()
        let reason = detail.isEmpty ? what : "\(what) (OpenSSL: \(detail))"
        return TorCoreError(code, kind: kind, reason, file: file, line: line)
    }

    /// Stops the process for an OpenSSL failure on a call that cannot fail with valid state
    /// (for example an update on a cipher context we initialised). Such a failure means a bug or
    /// a broken library, and the non-throwing hot-path API has no better way to report it.
    static func fatal(_ what: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        fatalError("\(what) (OpenSSL: \(drain()))", file: file, line: line)
    }
}
