import TorCore

/// Error codes raised while completing a circuit-creation handshake (tor-spec 5.1).
///
/// A handshake failure other than `handshakeBadInput` means the relay answered with something
/// the client cannot accept: the circuit must be torn down, and the relay may be faulty or an
/// impostor, so the caller should count it against the relay before trying another path.
extension CircuitError.Code {
    /// The relay's reply is not the length this handshake's reply has.
    public static let handshakeReplyLength: Self = "handshake.replyLength"
    /// A Diffie-Hellman result was the all-zero point: the relay sent a key outside the group.
    public static let handshakeDegenerateKey: Self = "handshake.degenerateKey"
    /// The relay's AUTH (ntor) or KH (CREATE_FAST) did not prove it holds the shared secret.
    public static let handshakeAuthMismatch: Self = "handshake.authMismatch"
    /// The relay's encrypted handshake message (ntor v3) is not well formed.
    public static let handshakeMalformedMessage: Self = "handshake.malformedMessage"
    /// The caller passed a key or identity of the wrong length (from a bad descriptor).
    public static let handshakeBadInput: Self = "handshake.badInput"
}

extension CircuitError {
    /// Checks that a key, identity or key material from the caller has the length `expected`.
    static func requireLength(_ value: [UInt8], _ expected: Int, _ what: String) throws {
        guard value.count == expected else {
            throw CircuitError(
                .handshakeBadInput, kind: .badInput,
                "\(what) must be \(expected) bytes but is \(value.count); "
                    + "refetch the relay's descriptor before building a circuit through it")
        }
    }
}

/// Overwrites a scratch array that held secret material once it is no longer needed.
///
/// Best effort: the HMAC and HKDF wrappers take `[UInt8]`, so shared secrets pass through
/// ordinary arrays; clearing them shortens how long the secret lingers in freed memory.
@inline(never)
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { raw in
        for index in raw.indices { raw[index] = 0 }
    }
}
