import NIOCore

// Reading helpers shared by the payload decoders of Cells/, Relay/ and Certificates/.
//
// A payload decoder is handed a complete payload, so running out of bytes is malformed input
// (a throw), never "need more bytes". Decoders take their `ByteBuffer` by value, so a failed
// decode leaves the caller's buffer untouched.
extension ByteBuffer {
    /// Reads a big-endian integer or throws `code` (a protocol violation) naming `field`.
    @inlinable
    mutating func readWireInteger<Value: FixedWidthInteger>(
        as type: Value.Type = Value.self,
        orThrow code: TorCoreError.Code,
        _ field: @autoclosure () -> String
    ) throws -> Value {
        guard let value = readInteger(endianness: .big, as: Value.self) else {
            throw TorCoreError.truncated(code, field())
        }
        return value
    }

    /// Reads exactly `length` bytes or throws `code` (a protocol violation) naming `field`.
    @inlinable
    mutating func readWireBytes(
        length: Int,
        orThrow code: TorCoreError.Code,
        _ field: @autoclosure () -> String
    ) throws -> [UInt8] {
        guard let bytes = readBytes(length: length) else {
            throw TorCoreError.truncated(code, field())
        }
        return bytes
    }

    /// Reads a slice of exactly `length` bytes (no copy) or throws `code` naming `field`.
    @inlinable
    mutating func readWireSlice(
        length: Int,
        orThrow code: TorCoreError.Code,
        _ field: @autoclosure () -> String
    ) throws -> ByteBuffer {
        guard let slice = readSlice(length: length) else {
            throw TorCoreError.truncated(code, field())
        }
        return slice
    }

    /// Reads bytes up to the next NUL and consumes the NUL, or throws `code` when there is none.
    @inlinable
    mutating func readNulTerminatedBytes(
        orThrow code: TorCoreError.Code,
        _ field: @autoclosure () -> String
    ) throws -> [UInt8] {
        guard let end = readableBytesView.firstIndex(of: 0) else {
            throw TorCoreError(
                code, kind: .protocolViolation,
                "\(field()) is not NUL-terminated; the peer sent a malformed message")
        }
        let bytes = readBytes(length: end - readerIndex)!
        moveReaderIndex(forwardBy: 1)
        return bytes
    }

    /// Runs a compound encoder; if it throws, whatever it wrote is taken back, so an encoder
    /// either appends a whole message or leaves the buffer as it was.
    @inlinable
    mutating func writeAllOrNothing(_ body: (inout ByteBuffer) throws -> Void) throws {
        let mark = writerIndex
        do {
            try body(&self)
        } catch {
            moveWriterIndex(to: mark)
            throw error
        }
    }
}

extension TorCoreError {
    /// The error every payload decoder throws when a field runs past the end of its payload.
    @usableFromInline
    static func truncated(_ code: Code, _ field: String) -> TorCoreError {
        TorCoreError(
            code, kind: .protocolViolation,
            "\(field) runs past the end of the payload; the peer sent a malformed message")
    }

    /// The error an encoder throws when a value does not fit its wire field.
    static func tooLong(_ code: Code, _ field: String, limit: Int, actual: Int) -> TorCoreError {
        TorCoreError(
            code, kind: .badInput,
            "\(field) is \(actual) bytes long but its wire field holds at most \(limit); shorten it")
    }
}

/// Decodes UTF-8 exactly, or returns nil when the bytes are not valid UTF-8 (so a decoded
/// string re-encodes to the very same bytes).
func exactUTF8String(_ bytes: [UInt8]) -> String? {
    let string = String(decoding: bytes, as: UTF8.self)
    return string.utf8.elementsEqual(bytes) ? string : nil
}
