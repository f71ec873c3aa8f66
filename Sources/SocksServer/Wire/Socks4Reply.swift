import NIOCore

/// The CD octet of a SOCKS4 reply; open so any value survives decoding.
public struct Socks4ReplyCode: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public let rawValue: UInt8
    /// Wraps any wire value, known or not.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 90: request granted.
    public static let granted = Socks4ReplyCode(rawValue: 0x5A)
    /// 91: request rejected or failed; Tor's only failure code for SOCKS4 and SOCKS4a.
    public static let rejected = Socks4ReplyCode(rawValue: 0x5B)
    /// 92: rejected because the server cannot reach the client's identd (never sent by Tor).
    public static let identdUnreachable = Socks4ReplyCode(rawValue: 0x5C)
    /// 93: rejected because identd reported a different user (never sent by Tor).
    public static let identdMismatch = Socks4ReplyCode(rawValue: 0x5D)
}

/// A SOCKS4 reply: VN 0, CD, DSTPORT, DSTIP — eight bytes.
///
/// Tor sends port 0 and address 0.0.0.0, except that a granted RESOLVE carries the IPv4 answer
/// in DSTIP (observed from tor 0.4.9).
public struct Socks4Reply: Hashable, Sendable {
    /// The reply's VN octet: zero, not 4.
    public static let version: UInt8 = 0x00
    /// Every SOCKS4 reply is this long.
    public static let length = 8

    /// CD: granted or rejected.
    public var code: Socks4ReplyCode
    /// DSTPORT.
    public var port: UInt16
    /// DSTIP.
    public var address: SocksIPv4Address

    /// Creates the value from its fields.
    public init(code: Socks4ReplyCode, port: UInt16 = 0, address: SocksIPv4Address = .unspecified) {
        self.code = code
        self.port = port
        self.address = address
    }

    /// Appends the eight reply bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(Self.version, code.rawValue, port, address.rawValue)
    }

    /// Reads one reply: nil and nothing consumed when fewer than eight bytes are there; throws
    /// ``SocksError/Code/replyMalformed`` when VN is not zero, consuming nothing.
    public static func read(from buffer: inout ByteBuffer) throws -> Socks4Reply? {
        guard let fields = buffer.getMultipleIntegers(
            at: buffer.readerIndex, as: (UInt8, UInt8, UInt16, UInt32).self) else { return nil }
        guard fields.0 == version else {
            throw SocksError(.replyMalformed, kind: .protocolViolation,
                             "The SOCKS4 reply starts with \(fields.0), not 0.")
        }
        buffer.moveReaderIndex(forwardBy: length)
        return Socks4Reply(code: Socks4ReplyCode(rawValue: fields.1), port: fields.2,
                           address: SocksIPv4Address(rawValue: fields.3))
    }
}
