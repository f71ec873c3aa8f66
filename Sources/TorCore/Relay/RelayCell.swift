import NIOCore

/// One relay message as carried in the payload of a RELAY or RELAY_EARLY cell (tor-spec 6.1).
///
/// This is the plaintext view: ``encode(into:padding:)`` produces the 509-byte payload with
/// 'recognized' and 'digest' zero (relay crypto fills the digest in), and ``decode(payload:)``
/// reads one after relay crypto has recognized it. `data` is at most ``maximumDataLength``.
public struct RelayCell: Hashable, Sendable {
    /// PAYLOAD_LEN: a relay payload fills the whole cell payload (tor-spec 0.2).
    public static let payloadLength = Cell.fixedPayloadLength
    /// The relay header's size (tor-spec 6.1).
    public static let headerLength = RelayCellHeader.byteCount
    /// The most data one relay cell carries: 509 - 11 (tor-spec 6.1).
    public static let maximumDataLength = payloadLength - headerLength
    /// The padding that follows the data starts with this many zero bytes (tor-spec 6.1).
    public static let zeroPaddingPrefix = 4

    /// What the data means.
    public var command: RelayCommand
    /// The stream, or 0 for circuit-level messages.
    public var streamID: UInt16
    /// The message body; at most ``maximumDataLength`` bytes.
    public var data: ByteBuffer

    /// A relay cell with raw data, as DATA and BEGIN_DIR need; the data is checked when encoded.
    public init(command: RelayCommand, streamID: UInt16, data: ByteBuffer = ByteBuffer()) {
        self.command = command
        self.streamID = streamID
        self.data = data
    }

    /// A relay cell carrying `message` on `streamID`, encoded into a fresh buffer.
    public init<Message: RelayMessage>(streamID: UInt16, message: Message) throws {
        var data = ByteBuffer()
        try message.encode(into: &data)
        self.init(command: Message.command, streamID: streamID, data: data)
    }

    /// Decodes the data as `Message`, after checking the relay command matches.
    public func message<Message: RelayMessage>(as type: Message.Type = Message.self) throws -> Message {
        guard command == Message.command else {
            throw TorCoreError(
                .relayUnexpectedCommand, kind: .internalFailure,
                "asked to read a \(command) message as \(Message.command); this is a bug in the caller")
        }
        return try Message(data: data)
    }

    /// The default padding filler: zeros. Callers pass `SecureRandom.fill` for the random
    /// padding tor-spec 6.1 recommends.
    public static func zeroPadding(_ bytes: UnsafeMutableRawBufferPointer) {
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// Appends the 509-byte plaintext relay payload: header (recognized 0, digest 0), data,
    /// then padding: 4 zero bytes and the rest from `padding` (tor-spec 6.1). No allocation
    /// beyond growing `payload`. Throws `relay.dataTooLong` when data exceeds 498 bytes.
    public func encode(
        into payload: inout ByteBuffer,
        padding: (UnsafeMutableRawBufferPointer) -> Void = RelayCell.zeroPadding
    ) throws {
        let length = data.readableBytes
        guard length <= Self.maximumDataLength else {
            throw TorCoreError(
                .relayDataTooLong, kind: .internalFailure,
                "\(length) bytes of \(command) data exceed the \(Self.maximumDataLength) bytes one "
                    + "relay cell carries; this is a bug in the caller, which must split the data")
        }
        RelayCellHeader(command: command, streamID: streamID, length: UInt16(length)).write(into: &payload)
        payload.writeImmutableBuffer(data)
        let paddingLength = Self.maximumDataLength - length
        let zeros = min(Self.zeroPaddingPrefix, paddingLength)
        payload.writeRepeatingByte(0, count: zeros)
        let randomLength = paddingLength - zeros
        if randomLength > 0 {
            payload.writeWithUnsafeMutableBytes(minimumWritableBytes: randomLength) { writable in
                padding(UnsafeMutableRawBufferPointer(rebasing: writable[0..<randomLength]))
                return randomLength
            }
        }
    }

    /// Reads a decrypted, recognized relay payload: the header, then `length` bytes of data
    /// as a slice (no copy). Throws `relay.truncated` for fewer than 11 bytes,
    /// `relay.lengthTooLong` when the length field exceeds 498 or the bytes present.
    public static func decode(payload: ByteBuffer) throws -> RelayCell {
        let header = try RelayCellHeader(reading: payload)
        let length = Int(header.length)
        guard length <= maximumDataLength, length <= payload.readableBytes - headerLength else {
            throw TorCoreError(
                .relayLengthTooLong, kind: .protocolViolation,
                "a \(header.command) cell claims \(length) bytes of data, more than the "
                    + "\(min(maximumDataLength, payload.readableBytes - headerLength)) it can hold; "
                    + "the circuit is closed")
        }
        let data = payload.getSlice(at: payload.readerIndex + headerLength, length: length)!
        return RelayCell(command: header.command, streamID: header.streamID, data: data)
    }
}

/// A message that travels as the data of one relay cell (tor-spec 6).
///
/// Decoding is given the complete data (the relay header's `length` bytes), so missing bytes
/// are malformed input (a throw, never a trap).
public protocol RelayMessage: Sendable {
    /// The relay command this message travels under.
    static var command: RelayCommand { get }

    /// Decodes the message from the data of a relay cell.
    init(data: ByteBuffer) throws

    /// Appends the message's bytes; throws when a field does not fit the wire format.
    func encode(into data: inout ByteBuffer) throws
}
