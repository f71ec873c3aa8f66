import NIOCore

/// The payload of a CREATE2 cell: the client's half of a circuit handshake (tor-spec 5.1).
///
/// Layout: HTYPE (2), HLEN (2), HDATA (HLEN), then zero padding to 509 bytes.
public struct Create2Message: CellMessage, Hashable {
    public static let command = CellCommand.create2

    /// The most handshake data that fits a fixed-length cell after HTYPE and HLEN.
    public static let maximumHandshakeLength = Cell.fixedPayloadLength - 4

    /// HTYPE: which handshake `handshakeData` belongs to.
    public var handshakeType: HandshakeType
    /// HDATA: the client's onion skin (84 bytes for ntor).
    public var handshakeData: [UInt8]

    /// A CREATE2 carrying `handshakeData` of `handshakeType`.
    public init(handshakeType: HandshakeType, handshakeData: [UInt8]) {
        self.handshakeType = handshakeType
        self.handshakeData = handshakeData
    }

    public init(payload: ByteBuffer) throws {
        var payload = payload
        handshakeType = HandshakeType(
            rawValue: try payload.readWireInteger(orThrow: .create2Truncated, "the CREATE2 handshake type"))
        let length = try payload.readWireInteger(as: UInt16.self, orThrow: .create2Truncated, "the CREATE2 HLEN")
        handshakeData = try payload.readWireBytes(
            length: Int(length), orThrow: .create2Truncated, "the CREATE2 handshake data")
    }

    public func encode(into payload: inout ByteBuffer) throws {
        guard handshakeData.count <= Self.maximumHandshakeLength else {
            throw TorCoreError.tooLong(
                .create2HandshakeTooLong, "CREATE2 handshake data", limit: Self.maximumHandshakeLength,
                actual: handshakeData.count)
        }
        payload.writeInteger(handshakeType.rawValue, endianness: .big)
        payload.writeInteger(UInt16(handshakeData.count), endianness: .big)
        payload.writeBytes(handshakeData)
    }
}
