import NIOCore

/// One answer of a RELAY_RESOLVED message: Type (1), Length (1), Value (Length), TTL (4)
/// (tor-spec 6.4).
///
/// IPv4 and IPv6 values must be 4 and 16 bytes. Error values are kept as sent (relays send
/// "Error resolving hostname") so a message re-encodes byte-exact, but mean nothing.
public struct ResolvedAnswer: Hashable, Sendable {
    /// What an answer says.
    public enum Value: Hashable, Sendable {
        /// Type 0x00: a hostname in DNS order, not NUL-terminated (reverse lookups).
        case hostname(String)
        /// Type 0x04.
        case ipv4(IPv4Address)
        /// Type 0x06.
        case ipv6(IPv6Address)
        /// Type 0xF0: the lookup failed but may succeed later.
        case transientError([UInt8])
        /// Type 0xF1: the lookup failed for good.
        case nontransientError([UInt8])
        /// Any other type, kept as sent.
        case unknown(type: UInt8, value: [UInt8])
    }

    /// Type of a hostname answer (tor-spec 6.4).
    public static let hostnameType: UInt8 = 0x00
    /// Type of an IPv4 answer.
    public static let ipv4Type: UInt8 = 0x04
    /// Type of an IPv6 answer.
    public static let ipv6Type: UInt8 = 0x06
    /// Type of a transient error.
    public static let transientErrorType: UInt8 = 0xF0
    /// Type of a nontransient error.
    public static let nontransientErrorType: UInt8 = 0xF1

    /// The answer itself.
    public var value: Value
    /// Seconds the answer may be cached.
    public var ttl: UInt32

    /// An answer cached for `ttl` seconds.
    public init(_ value: Value, ttl: UInt32) {
        self.value = value
        self.ttl = ttl
    }

    /// True for the two error kinds.
    public var isError: Bool {
        switch value {
        case .transientError, .nontransientError: true
        default: false
        }
    }

    /// Reads one answer; throws `resolved.truncated` or `resolved.badAnswer`.
    static func read(from data: inout ByteBuffer, index: Int) throws -> ResolvedAnswer {
        let type = try data.readWireInteger(as: UInt8.self, orThrow: .resolvedTruncated, "the type of answer \(index)")
        let length = try data.readWireInteger(as: UInt8.self, orThrow: .resolvedTruncated, "the length of answer \(index)")
        let bytes = try data.readWireBytes(length: Int(length), orThrow: .resolvedTruncated, "answer \(index)")
        let ttl = try data.readWireInteger(as: UInt32.self, orThrow: .resolvedTruncated, "the TTL of answer \(index)")
        func bad(_ problem: String) -> TorCoreError {
            TorCoreError(
                .resolvedBadAnswer, kind: .protocolViolation,
                "answer \(index) of a RESOLVED message \(problem); the lookup failed")
        }
        let value: Value
        switch type {
        case hostnameType:
            guard let hostname = exactUTF8String(bytes) else { throw bad("is a hostname that is not UTF-8") }
            value = .hostname(hostname)
        case ipv4Type:
            guard bytes.count == IPv4Address.byteCount else { throw bad("is an IPv4 address of \(length) bytes") }
            value = .ipv4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3]))
        case ipv6Type:
            guard let address = IPv6Address(bytes: bytes) else { throw bad("is an IPv6 address of \(length) bytes") }
            value = .ipv6(address)
        case transientErrorType:
            value = .transientError(bytes)
        case nontransientErrorType:
            value = .nontransientError(bytes)
        default:
            value = .unknown(type: type, value: bytes)
        }
        return ResolvedAnswer(value, ttl: ttl)
    }

    /// Appends the answer; throws when a value exceeds 255 bytes.
    func write(into data: inout ByteBuffer) throws {
        let (type, bytes): (UInt8, [UInt8]) = switch value {
        case .hostname(let name): (Self.hostnameType, Array(name.utf8))
        case .ipv4(let address): (Self.ipv4Type, address.bytes)
        case .ipv6(let address): (Self.ipv6Type, address.bytes)
        case .transientError(let bytes): (Self.transientErrorType, bytes)
        case .nontransientError(let bytes): (Self.nontransientErrorType, bytes)
        case .unknown(let type, let bytes): (type, bytes)
        }
        guard bytes.count <= Int(UInt8.max) else {
            throw TorCoreError.tooLong(.resolvedAnswerTooLong, "a RESOLVED answer", limit: Int(UInt8.max), actual: bytes.count)
        }
        data.writeInteger(type)
        data.writeInteger(UInt8(bytes.count))
        data.writeBytes(bytes)
        data.writeInteger(ttl, endianness: .big)
    }
}
