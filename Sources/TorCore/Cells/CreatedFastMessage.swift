import NIOCore

/// The payload of a CREATED_FAST cell: the relay's key material Y and the derivative key
/// data KH that proves it derived the same keys (tor-spec 5.1.5, 5.2.1).
///
/// Layout: Y (20), KH (20), then padding.
public struct CreatedFastMessage: CellMessage, Hashable {
    public static let command = CellCommand.createdFast

    /// HASH_LEN: the length of Y and of KH (tor-spec 0.2).
    public static let fieldLength = 20

    /// Y, the relay's 20 random bytes.
    public var keyMaterial: [UInt8]
    /// KH, the derivative key data the client checks.
    public var derivativeKeyData: [UInt8]

    /// A CREATED_FAST with Y and KH; it encodes only when both are 20 bytes.
    public init(keyMaterial: [UInt8], derivativeKeyData: [UInt8]) {
        self.keyMaterial = keyMaterial
        self.derivativeKeyData = derivativeKeyData
    }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        keyMaterial = try payload.readWireBytes(
            length: Self.fieldLength, orThrow: .createdFastTruncated, "the CREATED_FAST key material")
        derivativeKeyData = try payload.readWireBytes(
            length: Self.fieldLength, orThrow: .createdFastTruncated, "the CREATED_FAST derivative key data")
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard keyMaterial.count == Self.fieldLength, derivativeKeyData.count == Self.fieldLength else {
            throw TorCoreError(
                .createdFastBadLength, kind: .internalFailure,
                "CREATED_FAST fields must be \(Self.fieldLength) bytes each, not "
                    + "\(keyMaterial.count) and \(derivativeKeyData.count); this is a bug in the caller")
        }
        payload.writeBytes(keyMaterial)
        payload.writeBytes(derivativeKeyData)
    }
}
