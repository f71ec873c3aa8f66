import NIOCore

/// The data of a RELAY_EXTENDED2 message: the new hop's half of the handshake, laid out as a
/// CREATED2 payload, HLEN (2) then HDATA (tor-spec 5.1.2).
public struct Extended2Message: RelayMessage, Hashable {
    public static let command = RelayCommand.extended2

    /// The most handshake data one relay cell can carry after HLEN.
    public static let maximumHandshakeLength = RelayCell.maximumDataLength - 2

    /// HDATA of the CREATED2 the new hop sent.
    public var handshakeData: [UInt8]

    /// An EXTENDED2 carrying `handshakeData`.
    public init(handshakeData: [UInt8]) { self.handshakeData = handshakeData }

    public init(data: ByteBuffer) throws {
        handshakeData = try Created2Message.readHandshakeData(from: data, orThrow: .extended2Truncated, "EXTENDED2")
    }

    public func encode(into data: inout ByteBuffer) throws {
        try Created2Message.writeHandshakeData(
            handshakeData, into: &data, limit: Self.maximumHandshakeLength,
            orThrow: .extended2HandshakeTooLong, "EXTENDED2")
    }
}
