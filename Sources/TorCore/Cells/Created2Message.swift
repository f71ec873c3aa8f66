import NIOCore

/// The payload of a CREATED2 cell: the relay's half of a circuit handshake (tor-spec 5.1).
///
/// Layout: HLEN (2), HDATA (HLEN), then padding. EXTENDED2 carries the same layout
/// (tor-spec 5.1.2), see `Extended2Message`.
public struct Created2Message: CellMessage, Hashable {
    public static let command = CellCommand.created2

    /// The most handshake data that fits a fixed-length cell after HLEN.
    public static let maximumHandshakeLength = Cell.fixedPayloadLength - 2

    /// HDATA: the relay's reply (64 bytes for ntor: Y and AUTH).
    public var handshakeData: [UInt8]

    /// A CREATED2 carrying `handshakeData`.
    public init(handshakeData: [UInt8]) { self.handshakeData = handshakeData }

    public init(payload: ByteBuffer) throws {
        handshakeData = try Self.readHandshakeData(from: payload, orThrow: .created2Truncated, "CREATED2")
    }

    public func encode(into payload: inout ByteBuffer) throws {
        try Self.writeHandshakeData(
            handshakeData, into: &payload, limit: Self.maximumHandshakeLength,
            orThrow: .created2HandshakeTooLong, "CREATED2")
    }

    /// Reads HLEN and HDATA, shared with EXTENDED2.
    static func readHandshakeData(
        from payload: ByteBuffer, orThrow code: TorCoreError.Code, _ name: String
    ) throws -> [UInt8] {
        var payload = payload
        let length = try payload.readWireInteger(as: UInt16.self, orThrow: code, "the \(name) HLEN")
        return try payload.readWireBytes(length: Int(length), orThrow: code, "the \(name) handshake data")
    }

    /// Writes HLEN and HDATA after checking `limit`, shared with EXTENDED2.
    static func writeHandshakeData(
        _ data: [UInt8], into payload: inout ByteBuffer, limit: Int,
        orThrow code: TorCoreError.Code, _ name: String
    ) throws {
        guard data.count <= limit else {
            throw TorCoreError.tooLong(code, "\(name) handshake data", limit: limit, actual: data.count)
        }
        payload.writeInteger(UInt16(data.count), endianness: .big)
        payload.writeBytes(data)
    }
}
