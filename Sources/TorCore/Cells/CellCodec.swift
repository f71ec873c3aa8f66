import NIOCore

/// Frames channel cells to and from the byte stream of a TLS link (tor-spec 3).
///
/// Sans-IO: hand it the bytes read so far; it returns a cell once one is complete, `nil` when
/// more bytes are needed (leaving the buffer untouched), and throws for a cell that can never
/// be valid. The codec depends on the negotiated link protocol: circuit IDs are 2 bytes
/// before version 4 and 4 bytes from version 4 on; variable-length commands are VERSIONS
/// only on version 2, none on version 1, and VERSIONS plus 128 and up otherwise.
///
/// Only the first VERSIONS cell (and anything before it) has 2-byte circuit IDs: read it with
/// ``handshake``, then read everything after it, including bytes already buffered, with the
/// negotiated codec. Later VERSIONS cells use the negotiated width (tor-spec 4.1).
public struct CellCodec: Sendable {
    /// The link protocol this codec frames for; 0 before negotiation (``handshake``).
    public let linkProtocol: UInt16

    /// CIRCID_LEN: 2 before link protocol 4, 4 from it on (tor-spec 3, 4.1).
    public let circuitIDLength: Int

    /// The largest variable-length payload this codec accepts; larger ones throw as soon as
    /// their length field arrives, before their bytes are buffered.
    public let maximumVariablePayloadLength: Int

    /// The codec for the first VERSIONS cell and anything before it: 2-byte circuit IDs, and
    /// VERSIONS or 128 and up are variable-length (tor-spec 3, 4.1).
    public static let handshake = CellCodec(linkProtocol: 0)

    /// A codec for `linkProtocol` (0 means "not negotiated yet", framed as ``handshake``).
    public init(
        linkProtocol: UInt16,
        maximumVariablePayloadLength: Int = Cell.maximumVariablePayloadLength
    ) {
        self.linkProtocol = linkProtocol
        self.circuitIDLength = linkProtocol >= 4 ? 4 : 2
        self.maximumVariablePayloadLength = min(
            max(0, maximumVariablePayloadLength), Cell.maximumVariablePayloadLength)
    }

    /// Whether `command` uses the variable-length format on this codec's link protocol
    /// (tor-spec 3: none on version 1, VERSIONS only on version 2).
    public func isVariableLength(_ command: CellCommand) -> Bool {
        switch linkProtocol {
        case 1: false
        case 2: command == .versions
        default: command.isVariableLength
        }
    }

    /// The size on the wire of every fixed-length cell: CELL_LEN(v), 512 or 514 (tor-spec 0.2).
    public var fixedCellLength: Int { circuitIDLength + 1 + Cell.fixedPayloadLength }

    /// Reads one cell from `buffer`: the cell, `nil` if the buffer does not hold a whole cell
    /// yet (nothing consumed), or a throw if the length field exceeds the limit.
    public func decode(from buffer: inout ByteBuffer) throws -> Cell? {
        let start = buffer.readerIndex
        let headerLength = circuitIDLength + 1
        guard buffer.readableBytes >= headerLength,
              let rawCommand = buffer.getInteger(at: start + circuitIDLength, as: UInt8.self)
        else { return nil }
        let command = CellCommand(rawValue: rawCommand)
        let payloadLength: Int
        let payloadStart: Int
        if isVariableLength(command) {
            guard let length = buffer.getInteger(at: start + headerLength, endianness: .big, as: UInt16.self)
            else { return nil }
            guard Int(length) <= maximumVariablePayloadLength else {
                throw TorCoreError(
                    .cellVariablePayloadTooLong, kind: .resource,
                    "a \(command) cell announces a \(length)-byte payload, more than the "
                        + "\(maximumVariablePayloadLength) bytes this channel accepts; the channel is closed")
            }
            payloadLength = Int(length)
            payloadStart = headerLength + 2
        } else {
            payloadLength = Cell.fixedPayloadLength
            payloadStart = headerLength
        }
        guard buffer.readableBytes >= payloadStart + payloadLength else { return nil }
        let circuitID: UInt32 =
            circuitIDLength == 4
            ? buffer.getInteger(at: start, endianness: .big, as: UInt32.self)!
            : UInt32(buffer.getInteger(at: start, endianness: .big, as: UInt16.self)!)
        buffer.moveReaderIndex(forwardBy: payloadStart)
        let payload = buffer.readSlice(length: payloadLength)!
        return Cell(circuitID: CircuitID(rawValue: circuitID), command: command, payload: payload)
    }

    /// Appends `cell` to `buffer`, padding a fixed-length payload with zeros to 509 bytes.
    /// Throws (leaving `buffer` unchanged) when the circuit ID or the payload does not fit.
    public func encode(_ cell: Cell, into buffer: inout ByteBuffer) throws {
        if circuitIDLength == 2, cell.circuitID.rawValue > UInt16.max {
            throw TorCoreError(
                .cellCircuitIDTooWide, kind: .internalFailure,
                "circuit ID \(cell.circuitID) does not fit the 2-byte circuit IDs of link protocol "
                    + "\(linkProtocol); this is a bug in the caller")
        }
        let payloadLength = cell.payload.readableBytes
        let variable = isVariableLength(cell.command)
        let limit = variable ? Cell.maximumVariablePayloadLength : Cell.fixedPayloadLength
        guard payloadLength <= limit else {
            throw TorCoreError(
                .cellPayloadTooLong, kind: .internalFailure,
                "a \(cell.command) payload of \(payloadLength) bytes exceeds the \(limit) bytes "
                    + "a cell can carry; this is a bug in the caller")
        }
        if circuitIDLength == 4 {
            buffer.writeInteger(cell.circuitID.rawValue, endianness: .big)
        } else {
            buffer.writeInteger(UInt16(cell.circuitID.rawValue), endianness: .big)
        }
        buffer.writeInteger(cell.command.rawValue)
        if variable {
            buffer.writeInteger(UInt16(payloadLength), endianness: .big)
        }
        var payload = cell.payload
        buffer.writeBuffer(&payload)
        if !variable {
            buffer.writeRepeatingByte(0, count: Cell.fixedPayloadLength - payloadLength)
        }
    }
}
