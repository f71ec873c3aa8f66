/// Error codes of relay cells and relay messages (tor-spec 5.1.2, 6, 7.3).
extension TorCoreError.Code {
    /// A relay payload shorter than its 11-byte header.
    public static let relayTruncated: Self = "relay.truncated"
    /// A relay header whose length exceeds 498 or the bytes present (tor-spec 6.1).
    public static let relayLengthTooLong: Self = "relay.lengthTooLong"
    /// More than 498 bytes of data to encode in one relay cell.
    public static let relayDataTooLong: Self = "relay.dataTooLong"
    /// A relay cell was read as a message of another command (caller bug).
    public static let relayUnexpectedCommand: Self = "relay.unexpectedCommand"

    /// A BEGIN address with no terminating NUL (tor-spec 6.2).
    public static let beginUnterminated: Self = "begin.unterminated"
    /// A BEGIN ADDRPORT that is not ADDRESS:PORT with a port from 1 to 65535.
    public static let beginMalformedAddress: Self = "begin.malformedAddress"
    /// A BEGIN target that cannot be encoded (empty, NUL inside, bare IPv6, port 0).
    public static let beginInvalidTarget: Self = "begin.invalidTarget"

    /// A CONNECTED message that is neither empty nor one of the two address forms.
    public static let connectedMalformed: Self = "connected.malformed"
    /// An address that the CONNECTED format cannot express (0.0.0.0).
    public static let connectedUnencodableAddress: Self = "connected.unencodableAddress"

    /// A SENDME whose DATA_LEN runs past the message (tor-spec 7.3.1).
    public static let sendmeTruncated: Self = "sendme.truncated"
    /// An authenticated SENDME with DATA_LEN under 20 (tor-spec 7.3.1).
    public static let sendmeShortDigest: Self = "sendme.shortDigest"
    /// A SENDME version other than 0 or 1 (tor-spec 7.3.1).
    public static let sendmeUnknownVersion: Self = "sendme.unknownVersion"
    /// An authenticated SENDME to encode without a 20-byte digest.
    public static let sendmeBadDigestLength: Self = "sendme.badDigestLength"

    /// A link specifier that runs past the message (tor-spec 5.1.2).
    public static let linkSpecifierTruncated: Self = "linkSpecifier.truncated"
    /// A known link specifier type with the wrong length (tor-spec 5.1.2).
    public static let linkSpecifierBadLength: Self = "linkSpecifier.badLength"
    /// An EXTEND2 message that ends early.
    public static let extend2Truncated: Self = "extend2.truncated"
    /// Two legacy or two Ed25519 identity specifiers (tor-spec 5.1.2).
    public static let extend2DuplicateIdentity: Self = "extend2.duplicateIdentity"
    /// More than 255 link specifiers to encode.
    public static let extend2TooManyLinkSpecifiers: Self = "extend2.tooManyLinkSpecifiers"
    /// EXTEND2 handshake data longer than HLEN can announce.
    public static let extend2HandshakeTooLong: Self = "extend2.handshakeTooLong"
    /// An EXTENDED2 message that ends early.
    public static let extended2Truncated: Self = "extended2.truncated"
    /// EXTENDED2 handshake data that does not fit one relay cell.
    public static let extended2HandshakeTooLong: Self = "extended2.handshakeTooLong"

    /// A RESOLVE hostname with no terminating NUL (tor-spec 6.4).
    public static let resolveUnterminated: Self = "resolve.unterminated"
    /// A RESOLVE hostname that is empty, not UTF-8 or contains NUL.
    public static let resolveMalformedHostname: Self = "resolve.malformedHostname"
    /// A RESOLVED answer that runs past the message (tor-spec 6.4).
    public static let resolvedTruncated: Self = "resolved.truncated"
    /// A RESOLVED answer whose value does not fit its type.
    public static let resolvedBadAnswer: Self = "resolved.badAnswer"
    /// A RESOLVED answer value longer than 255 bytes, to encode.
    public static let resolvedAnswerTooLong: Self = "resolved.answerTooLong"

    /// A TRUNCATED message with no reason byte (tor-spec 5.4).
    public static let truncatedMissingReason: Self = "truncated.missingReason"
}
