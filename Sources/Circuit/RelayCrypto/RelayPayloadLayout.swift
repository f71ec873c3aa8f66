import TorCore

/// Where relay crypto looks inside a 509-byte relay payload (tor-spec 6.1), taken from the
/// relay-cell wire format so the two cannot disagree.
///
/// Relay crypto needs only the 'recognized' and 'digest' fields; the rest of the header is
/// the relay-cell codec's business.
enum RelayPayloadLayout {
    /// PAYLOAD_LEN: every RELAY/RELAY_EARLY cell carries exactly this many bytes (tor-spec 0.2).
    static let length = RelayCell.payloadLength
    /// 'Recognized' [2 bytes] after the 1-byte relay command (tor-spec 6.1).
    static let recognizedOffset = RelayCellHeader.recognizedOffset
    static let recognizedLength = 2
    /// 'Digest' [4 bytes] after command, recognized and the 2-byte stream ID (tor-spec 6.1).
    static let digestOffset = RelayCellHeader.digestOffset
    static let digestLength = 4
    /// The full running digest an authenticated SENDME carries (tor-spec 7.3.1: 20 bytes).
    static let sendmeDigestLength = SendmeMessage.digestLength
}

extension CircuitError.Code {
    /// An inbound relay cell that no hop of the circuit recognized (tor-spec 5.5.3, 6.1).
    public static let relayCellUnrecognized: Self = "relayCrypto.unrecognized"
    /// A payload that is not 509 bytes, or a hop outside the circuit: a bug in the caller.
    public static let relayCryptoMisuse: Self = "relayCrypto.misuse"
}
