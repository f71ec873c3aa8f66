/// Error codes of channel cells and link payloads (tor-spec 3, 4, 5.1, 5.4).
///
/// `*.truncated` means a field ran past the end of the payload (the peer broke the protocol);
/// the encoder codes mean a value does not fit its wire field.
extension TorCoreError.Code {
    /// A cell was read as a message of a different command (caller bug).
    public static let cellUnexpectedCommand: Self = "cell.unexpectedCommand"
    /// A variable-length cell announced more payload than the codec accepts.
    public static let cellVariablePayloadTooLong: Self = "cell.variablePayloadTooLong"
    /// A circuit ID does not fit the link protocol's 2-byte circuit IDs.
    public static let cellCircuitIDTooWide: Self = "cell.circuitIDTooWide"
    /// A payload is longer than the cell format can carry.
    public static let cellPayloadTooLong: Self = "cell.payloadTooLong"

    /// A VERSIONS payload with an odd number of bytes (tor-spec 4.1).
    public static let versionsOddLength: Self = "versions.oddLength"
    /// More versions than one VERSIONS cell can carry.
    public static let versionsTooMany: Self = "versions.tooMany"

    /// A CERTS payload that ends inside a certificate (tor-spec 4.2).
    public static let certsTruncated: Self = "certs.truncated"
    /// A CERTS payload with two certificates of one type (tor-spec 4.2).
    public static let certsDuplicateType: Self = "certs.duplicateType"
    /// More than 255 certificates to encode.
    public static let certsTooMany: Self = "certs.tooMany"
    /// A certificate longer than CLEN can announce.
    public static let certsCertificateTooLong: Self = "certs.certificateTooLong"

    /// An AUTH_CHALLENGE payload that ends early (tor-spec 4.3).
    public static let authChallengeTruncated: Self = "authChallenge.truncated"
    /// A challenge that is not 32 bytes, to encode.
    public static let authChallengeBadChallengeLength: Self = "authChallenge.badChallengeLength"
    /// More methods than one AUTH_CHALLENGE cell can carry.
    public static let authChallengeTooManyMethods: Self = "authChallenge.tooManyMethods"

    /// A NETINFO payload that ends early (tor-spec 4.5).
    public static let netinfoTruncated: Self = "netinfo.truncated"
    /// A NETINFO address value longer than ALEN can announce.
    public static let netinfoAddressTooLong: Self = "netinfo.addressTooLong"
    /// More than 255 own addresses to encode.
    public static let netinfoTooManyAddresses: Self = "netinfo.tooManyAddresses"

    /// A CREATE2 payload that ends early (tor-spec 5.1).
    public static let create2Truncated: Self = "create2.truncated"
    /// CREATE2 handshake data that does not fit one cell.
    public static let create2HandshakeTooLong: Self = "create2.handshakeTooLong"
    /// A CREATED2 payload that ends early (tor-spec 5.1).
    public static let created2Truncated: Self = "created2.truncated"
    /// CREATED2 handshake data that does not fit one cell.
    public static let created2HandshakeTooLong: Self = "created2.handshakeTooLong"
    /// A CREATE_FAST payload shorter than 20 bytes (tor-spec 5.1.5).
    public static let createFastTruncated: Self = "createFast.truncated"
    /// CREATE_FAST key material that is not 20 bytes, to encode.
    public static let createFastBadLength: Self = "createFast.badLength"
    /// A CREATED_FAST payload shorter than 40 bytes (tor-spec 5.1.5).
    public static let createdFastTruncated: Self = "createdFast.truncated"
    /// CREATED_FAST fields that are not 20 bytes each, to encode.
    public static let createdFastBadLength: Self = "createdFast.badLength"
    /// A DESTROY payload with no reason byte (tor-spec 5.4).
    public static let destroyTruncated: Self = "destroy.truncated"
    /// A PADDING_NEGOTIATE payload that ends early (tor-spec 7.2).
    public static let paddingNegotiateTruncated: Self = "paddingNegotiate.truncated"
}
