import NIOCore

/// The payload of a VERSIONS cell: the link protocol versions the sender speaks (tor-spec 4.1).
///
/// A series of big-endian 16-bit integers with no padding; an odd byte count is malformed.
/// tor 0.4.9 relays accept only versions 4 and 5.
public struct VersionsMessage: CellMessage, Hashable {
    public static let command = CellCommand.versions

    /// The largest number of versions that fits the 2-byte length of a variable cell.
    public static let maximumCount = Cell.maximumVariablePayloadLength / 2

    /// The versions a client offers to tor 0.4.9 relays (spec/README.md: 4 and 5 only).
    public static let clientVersions: [UInt16] = [4, 5]

    /// The versions, in the order sent.
    public var versions: [UInt16]

    /// A VERSIONS message offering `versions`.
    public init(versions: [UInt16]) { self.versions = versions }

    public init(payload: ByteBuffer) throws {
        guard payload.readableBytes % 2 == 0 else {
            throw TorCoreError(
                .versionsOddLength, kind: .protocolViolation,
                "the peer's VERSIONS cell has an odd length (\(payload.readableBytes) bytes); "
                    + "it is malformed and the connection is closed")
        }
        var payload = payload
        var versions: [UInt16] = []
        versions.reserveCapacity(payload.readableBytes / 2)
        while let version = payload.readInteger(endianness: .big, as: UInt16.self) {
            versions.append(version)
        }
        self.versions = versions
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard versions.count <= Self.maximumCount else {
            throw TorCoreError.tooLong(
                .versionsTooMany, "the VERSIONS list", limit: Self.maximumCount * 2,
                actual: versions.count * 2)
        }
        for version in versions {
            payload.writeInteger(version, endianness: .big)
        }
    }

    /// The highest version both this list and `other` contain, or nil when they share none
    /// (tor-spec 4.1: both sides pick the highest common version).
    public func highestCommonVersion(with other: VersionsMessage) -> UInt16? {
        Set(versions).intersection(other.versions).max()
    }
}
