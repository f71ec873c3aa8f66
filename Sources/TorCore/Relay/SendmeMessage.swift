import NIOCore

/// The data of a RELAY_SENDME message (tor-spec 7.3.1, 7.4).
///
/// Layout: VERSION (1), DATA_LEN (2), DATA (DATA_LEN). Version 0 carries nothing: stream-level
/// SENDMEs and legacy circuit SENDMEs are sent empty. Version 1 (authenticated, required by
/// tor 0.4.9 relays) carries the 20-byte digest of the cell that triggered it; DATA_LEN under
/// 20 is malformed, and bytes beyond the first 20 are ignored. Other versions are refused,
/// since tor-spec 7.3.1 tears the circuit down for them.
public struct SendmeMessage: RelayMessage, Hashable {
    public static let command = RelayCommand.sendme

    /// The length of the digest an authenticated SENDME carries.
    public static let digestLength = 20

    /// The SENDME format version: 0 (legacy, empty) or 1 (authenticated).
    public var version: UInt8
    /// The 20-byte digest, present exactly when `version` is 1.
    public var digest: [UInt8]?

    /// A version 0 SENDME: what stream-level flow control sends (tor-spec 7.4).
    public static let legacy = SendmeMessage(version: 0, digest: nil)

    /// A version 1 SENDME carrying `digest` (tor-spec 7.3.1).
    public static func authenticated(digest: [UInt8]) -> SendmeMessage {
        SendmeMessage(version: 1, digest: digest)
    }

    private init(version: UInt8, digest: [UInt8]?) {
        self.version = version
        self.digest = digest
    }

    public init(data: ByteBuffer) throws {
        var data = data
        guard let version = data.readInteger(as: UInt8.self), version != 0 else {
            self = .legacy
            return
        }
        guard version == 1 else {
            throw TorCoreError(
                .sendmeUnknownVersion, kind: .protocolViolation,
                "a SENDME has version \(version) but only 0 and 1 exist; the circuit is closed")
        }
        let length = try data.readWireInteger(as: UInt16.self, orThrow: .sendmeTruncated, "the SENDME DATA_LEN")
        guard length >= Self.digestLength else {
            throw TorCoreError(
                .sendmeShortDigest, kind: .protocolViolation,
                "an authenticated SENDME carries \(length) bytes where its digest needs "
                    + "\(Self.digestLength); the circuit is closed")
        }
        guard data.readableBytes >= Int(length) else {
            throw TorCoreError.truncated(.sendmeTruncated, "the SENDME digest")
        }
        self = .authenticated(digest: data.readBytes(length: Self.digestLength)!)
    }

    public func encode(into data: inout ByteBuffer) throws {
        switch version {
        case 0:
            return
        case 1:
            guard let digest, digest.count == Self.digestLength else {
                throw TorCoreError(
                    .sendmeBadDigestLength, kind: .internalFailure,
                    "an authenticated SENDME needs a \(Self.digestLength)-byte digest, not "
                        + "\(digest?.count ?? 0) bytes; this is a bug in the caller")
            }
            data.writeInteger(version)
            data.writeInteger(UInt16(digest.count), endianness: .big)
            data.writeBytes(digest)
        default:
            throw TorCoreError(
                .sendmeUnknownVersion, kind: .internalFailure,
                "cannot encode SENDME version \(version); only 0 and 1 exist")
        }
    }
}
