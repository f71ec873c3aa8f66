import NIOCore

/// The payload of a CREATE_FAST cell: the client's key material X (tor-spec 5.1.5).
///
/// Layout: X (HASH_LEN = 20), then padding. Only for a first hop whose onion key is unknown.
public struct CreateFastMessage: CellMessage, Hashable {
    public static let command = CellCommand.createFast

    /// HASH_LEN: the length of X and Y (tor-spec 0.2, 5.1.5).
    public static let keyMaterialLength = 20

    /// X, 20 random bytes.
    public var keyMaterial: [UInt8]

    /// A CREATE_FAST with X; it encodes only when X is 20 bytes.
    public init(keyMaterial: [UInt8]) { self.keyMaterial = keyMaterial }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        keyMaterial = try payload.readWireBytes(
            length: Self.keyMaterialLength, orThrow: .createFastTruncated, "the CREATE_FAST key material")
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard keyMaterial.count == Self.keyMaterialLength else {
            throw TorCoreError(
                .createFastBadLength, kind: .internalFailure,
                "CREATE_FAST key material must be \(Self.keyMaterialLength) bytes, not "
                    + "\(keyMaterial.count); this is a bug in the caller")
        }
        payload.writeBytes(keyMaterial)
    }
}
