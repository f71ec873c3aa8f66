/// One field of an ntor v3 handshake message, CM or SM, as used for circuit extension
/// (proposal 332 A.2).
///
/// A message is N_EXTENSIONS (1 byte) followed by that many EXT_FIELD_TYPE (1 byte) |
/// EXT_FIELD_LEN (1 byte) | EXT_FIELD. The count byte is not in the 2023 text of proposal 332,
/// but tor 0.4.9 relays require it: they refuse an empty CM and answer "no extensions" with the
/// single byte 00 (checked by Tests/CircuitTests/Vectors/check_model_against_tor.py). Types
/// are open: an unknown type decodes and re-encodes unchanged, and callers ignore the ones
/// they do not understand, as A.2 requires. Used to negotiate congestion control (prop 324).
public struct NtorV3Extension: Hashable, Sendable {
    /// EXT_FIELD_TYPE: what the field means. An open set; meanings come from other proposals.
    public struct FieldType: Hashable, Sendable, RawRepresentable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
    }

    /// EXT_FIELD_LEN is one byte, so a field carries at most 255 bytes (proposal 332 A.2).
    public static let maximumFieldLength = 255
    /// N_EXTENSIONS is one byte, so a message holds at most 255 fields.
    public static let maximumFieldCount = 255

    /// The field's type.
    public var type: FieldType
    /// The field's body, at most ``maximumFieldLength`` bytes.
    public var body: [UInt8]

    /// A field of `type` carrying `body`.
    public init(type: FieldType, body: [UInt8] = []) {
        self.type = type
        self.body = body
    }

    /// Encodes `fields` as one handshake message in the given order; no fields is `[0]`.
    ///
    /// - Throws: ``CircuitError`` `handshake.badInput` when a body is longer than 255 bytes or
    ///   there are more than 255 fields.
    public static func encode(_ fields: [NtorV3Extension]) throws -> [UInt8] {
        guard fields.count <= maximumFieldCount else {
            throw CircuitError(
                .handshakeBadInput, kind: .internalFailure,
                "an ntor v3 message cannot carry \(fields.count) extensions; its count byte allows "
                    + "\(maximumFieldCount)")
        }
        var encoded: [UInt8] = [UInt8(fields.count)]
        for field in fields {
            guard field.body.count <= maximumFieldLength else {
                throw CircuitError(
                    .handshakeBadInput, kind: .internalFailure,
                    "an ntor v3 extension of type \(field.type.rawValue) has \(field.body.count) "
                        + "bytes, more than the \(maximumFieldLength) its length byte can say")
            }
            encoded.append(field.type.rawValue)
            encoded.append(UInt8(field.body.count))
            encoded += field.body
        }
        return encoded
    }

    /// Decodes a whole handshake message into its fields, in order, keeping repeats (A.2 says
    /// the first occurrence of a type wins: see ``first(_:in:)``).
    ///
    /// - Throws: ``CircuitError`` `handshake.malformedMessage` (protocol violation) when the
    ///   count byte is missing, a field's header or body runs past the end, or bytes follow
    ///   the last field (A.2: parties MUST reject messages that are not well formed).
    public static func decode(_ message: [UInt8]) throws -> [NtorV3Extension] {
        guard let count = message.first else {
            throw malformed("it is empty, without even the extension count")
        }
        var fields: [NtorV3Extension] = []
        var offset = 1
        for _ in 0..<count {
            guard offset + 2 <= message.count else {
                throw malformed("field \(fields.count + 1) of \(count) is cut off in its header")
            }
            let length = Int(message[offset + 1])
            let bodyStart = offset + 2
            guard bodyStart + length <= message.count else {
                throw malformed("a field claims \(length) bytes but only \(message.count - bodyStart) remain")
            }
            fields.append(NtorV3Extension(
                type: FieldType(rawValue: message[offset]),
                body: Array(message[bodyStart..<(bodyStart + length)])))
            offset = bodyStart + length
        }
        guard offset == message.count else {
            throw malformed("\(message.count - offset) bytes follow the \(count) extensions")
        }
        return fields
    }

    /// The first field of `type` in `fields`, the only one that counts (proposal 332 A.2).
    public static func first(_ type: FieldType, in fields: [NtorV3Extension]) -> NtorV3Extension? {
        fields.first { $0.type == type }
    }

    private static func malformed(_ detail: String) -> CircuitError {
        CircuitError(
            .handshakeMalformedMessage, kind: .protocolViolation,
            "the relay's ntor v3 message is malformed (\(detail)); the circuit was abandoned")
    }
}
