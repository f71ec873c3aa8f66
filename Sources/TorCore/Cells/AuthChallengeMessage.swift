import NIOCore

/// The payload of an AUTH_CHALLENGE cell: the responder's challenge and the authentication
/// methods it accepts (tor-spec 4.3).
///
/// Layout: challenge (32), N_Methods (2), methods (2 each). Extra bytes are ignored. A client
/// that does not authenticate reads it only to check it is well formed.
public struct AuthChallengeMessage: CellMessage, Hashable {
    public static let command = CellCommand.authChallenge

    /// The length of the challenge (tor-spec 4.3).
    public static let challengeLength = 32

    /// The largest number of methods the 2-byte count can announce within one cell.
    public static let maximumMethodCount = (Cell.maximumVariablePayloadLength - challengeLength - 2) / 2

    /// RSA-SHA256-TLSSecret (tor-spec 4.4.1).
    public static let methodRSASHA256TLSSecret: UInt16 = 1
    /// Ed25519-SHA256-RFC5705 (tor-spec 4.4.2).
    public static let methodEd25519SHA256RFC5705: UInt16 = 3

    /// The 32 random bytes an authenticating initiator signs (a hash of).
    public var challenge: [UInt8]
    /// The accepted authentication methods.
    public var methods: [UInt16]

    /// A challenge; `challenge` must be 32 bytes for the message to encode.
    public init(challenge: [UInt8], methods: [UInt16]) {
        self.challenge = challenge
        self.methods = methods
    }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        challenge = try payload.readWireBytes(
            length: Self.challengeLength, orThrow: .authChallengeTruncated, "the AUTH_CHALLENGE challenge")
        let count = try payload.readWireInteger(
            as: UInt16.self, orThrow: .authChallengeTruncated, "the AUTH_CHALLENGE method count")
        var methods: [UInt16] = []
        methods.reserveCapacity(min(Int(count), payload.readableBytes / 2))
        for index in 0..<Int(count) {
            methods.append(try payload.readWireInteger(orThrow: .authChallengeTruncated, "method \(index)"))
        }
        self.methods = methods
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard challenge.count == Self.challengeLength else {
            throw TorCoreError(
                .authChallengeBadChallengeLength, kind: .internalFailure,
                "an AUTH_CHALLENGE challenge must be \(Self.challengeLength) bytes, not "
                    + "\(challenge.count); this is a bug in the caller")
        }
        guard methods.count <= Self.maximumMethodCount else {
            throw TorCoreError.tooLong(
                .authChallengeTooManyMethods, "the method list", limit: Self.maximumMethodCount * 2,
                actual: methods.count * 2)
        }
        payload.writeBytes(challenge)
        payload.writeInteger(UInt16(methods.count), endianness: .big)
        for method in methods {
            payload.writeInteger(method, endianness: .big)
        }
    }
}
