import NIOCore

/// One channel cell: a circuit ID, a command and a payload (tor-spec 3).
///
/// For fixed-length commands the payload is ``fixedPayloadLength`` (509) bytes once decoded;
/// a shorter payload is padded with zeros when encoded. For variable-length commands
/// (VERSIONS and 128 and up) the payload is whatever length it is, up to the codec's limit.
public struct Cell: Hashable, Sendable {
    /// PAYLOAD_LEN: the payload size of every fixed-length cell (tor-spec 0.2).
    public static let fixedPayloadLength = 509

    /// The largest payload a variable-length cell can carry: its length field is two bytes
    /// (tor-spec 3).
    public static let maximumVariablePayloadLength = Int(UInt16.max)

    /// The circuit this cell belongs to, or zero for channel-level cells.
    public var circuitID: CircuitID
    /// What the payload means.
    public var command: CellCommand
    /// The payload: 509 bytes for decoded fixed-length cells, any length up to the codec's limit for variable-length ones.
    public var payload: ByteBuffer

    /// A cell with an explicit payload. Fixed-length payloads shorter than 509 bytes are
    /// padded with zeros by the encoder.
    public init(circuitID: CircuitID, command: CellCommand, payload: ByteBuffer) {
        self.circuitID = circuitID
        self.command = command
        self.payload = payload
    }

    /// A cell carrying `message`, encoded into a fresh payload.
    public init<Message: CellMessage>(circuitID: CircuitID, message: Message) throws {
        var payload = ByteBuffer()
        try message.encode(into: &payload)
        self.init(circuitID: circuitID, command: Message.command, payload: payload)
    }

    /// Decodes the payload as `Message`, after checking that the cell's command is the one
    /// that message travels in.
    public func message<Message: CellMessage>(as type: Message.Type = Message.self) throws -> Message {
        guard command == Message.command else {
            throw TorCoreError(
                .cellUnexpectedCommand, kind: .internalFailure,
                "asked to read a \(command) cell as \(Message.command); this is a bug in the caller")
        }
        return try Message(payload: payload)
    }
}

/// A message that travels as the whole payload of one channel cell (tor-spec 4, 5).
///
/// Decoding is given the complete payload, so missing bytes are malformed input (a throw,
/// never a trap). Encoding appends the message's bytes without padding; `CellCodec` pads.
public protocol CellMessage: Sendable {
    /// The cell command this message travels in.
    static var command: CellCommand { get }

    /// Decodes the message from a complete cell payload. Trailing padding is ignored.
    init(payload: ByteBuffer) throws

    /// Appends the message's bytes to `payload`; throws when a field does not fit the wire
    /// format.
    func encode(into payload: inout ByteBuffer) throws
}
