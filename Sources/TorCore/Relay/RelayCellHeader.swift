import NIOCore

/// The 11-byte header at the start of every decrypted relay payload (tor-spec 6.1).
///
/// Layout: command (1), recognized (2), stream ID (2), digest (4), length (2). Relay crypto
/// reads and patches `recognized` and `digest` in place at the offsets below, so they are
/// named constants rather than an implementation detail.
public struct RelayCellHeader: Hashable, Sendable {
    /// Offset of the relay command.
    public static let commandOffset = 0
    /// Offset of 'recognized', zero in every plaintext cell we originate.
    public static let recognizedOffset = 1
    /// Offset of the stream ID.
    public static let streamIDOffset = 3
    /// Offset of the 4-byte running-digest field.
    public static let digestOffset = 5
    /// Offset of the data length.
    public static let lengthOffset = 9
    /// The header's size; data starts here.
    public static let byteCount = 11

    /// The relay command.
    public var command: RelayCommand
    /// Zero when the cell is meant for this hop (tor-spec 6.1).
    public var recognized: UInt16
    /// The stream, or 0 for circuit-level messages.
    public var streamID: UInt16
    /// The first four bytes of the running digest, big-endian as on the wire.
    public var digest: UInt32
    /// How many bytes after the header are data rather than padding.
    public var length: UInt16

    /// A header; `recognized` and `digest` default to the zeros of a plaintext cell.
    public init(command: RelayCommand, recognized: UInt16 = 0, streamID: UInt16, digest: UInt32 = 0, length: UInt16) {
        self.command = command
        self.recognized = recognized
        self.streamID = streamID
        self.digest = digest
        self.length = length
    }

    /// Reads the header at the reader index of `payload` without moving it; throws
    /// `relay.truncated` when fewer than 11 bytes are readable.
    public init(reading payload: ByteBuffer) throws {
        let base = payload.readerIndex
        guard payload.readableBytes >= Self.byteCount else {
            throw TorCoreError(
                .relayTruncated, kind: .protocolViolation,
                "a relay payload of \(payload.readableBytes) bytes is shorter than the "
                    + "\(Self.byteCount)-byte relay header; the circuit is closed")
        }
        command = RelayCommand(rawValue: payload.getInteger(at: base + Self.commandOffset)!)
        recognized = payload.getInteger(at: base + Self.recognizedOffset, endianness: .big)!
        streamID = payload.getInteger(at: base + Self.streamIDOffset, endianness: .big)!
        digest = payload.getInteger(at: base + Self.digestOffset, endianness: .big)!
        length = payload.getInteger(at: base + Self.lengthOffset, endianness: .big)!
    }

    /// Overwrites the 11 header bytes of `payload` starting at `index` (usually its reader
    /// index); the payload must already hold at least `index + 11` bytes.
    public func write(into payload: inout ByteBuffer, at index: Int) {
        payload.setInteger(command.rawValue, at: index + Self.commandOffset)
        payload.setInteger(recognized, at: index + Self.recognizedOffset, endianness: .big)
        payload.setInteger(streamID, at: index + Self.streamIDOffset, endianness: .big)
        payload.setInteger(digest, at: index + Self.digestOffset, endianness: .big)
        payload.setInteger(length, at: index + Self.lengthOffset, endianness: .big)
    }

    /// Appends the 11 header bytes to `payload`.
    public func write(into payload: inout ByteBuffer) {
        payload.writeInteger(command.rawValue)
        payload.writeInteger(recognized, endianness: .big)
        payload.writeInteger(streamID, endianness: .big)
        payload.writeInteger(digest, endianness: .big)
        payload.writeInteger(length, endianness: .big)
    }
}
