import NIOCore

/// A SOCKS5 reply (RFC 1928 §6): VER 5, REP, RSV 0, then ATYP, BND.ADDR and BND.PORT.
///
/// Tor fills BND with 0.0.0.0:0 for CONNECT and for failures, with the answer and port 0 for
/// RESOLVE, and with the hostname (ATYP 3) and port 0 for RESOLVE_PTR (observed from tor 0.4.9).
public struct Socks5Reply: Hashable, Sendable {
    /// The SOCKS5 version octet.
    public static let version: UInt8 = 0x05

    /// REP: success, an RFC 1928 failure or a Tor extended code.
    public var code: SocksReplyCode
    /// BND.ADDR; a hostname here must fit ``SocksLimits/maximumHostnameLength``.
    public var boundAddress: SocksTarget
    /// BND.PORT.
    public var boundPort: UInt16

    /// Creates the value from its fields.
    public init(code: SocksReplyCode, boundAddress: SocksTarget = .ipv4(.unspecified), boundPort: UInt16 = 0) {
        self.code = code
        self.boundAddress = boundAddress
        self.boundPort = boundPort
    }

    /// Appends the reply. A bound hostname that SOCKS5 cannot carry is written truncated to 255
    /// bytes; ``SocksServerStateMachine`` never builds such a reply.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.version)
        buffer.writeInteger(code.rawValue)
        buffer.writeInteger(UInt8(0))
        boundAddress.writeSocks5(to: &buffer)
        buffer.writeInteger(boundPort)
    }

    /// Reads one reply: nil and nothing consumed when more bytes are needed; throws
    /// ``SocksError/Code/replyMalformed`` on a wrong version, a nonzero RSV or an unknown ATYP,
    /// leaving the reader index where it was.
    public static func read(from buffer: inout ByteBuffer) throws -> Socks5Reply? {
        var copy = buffer
        guard let header = copy.readMultipleIntegers(as: (UInt8, UInt8, UInt8).self) else { return nil }
        guard header.0 == version, header.2 == 0 else {
            throw SocksError(.replyMalformed, kind: .protocolViolation,
                             "The SOCKS5 reply starts with \(header.0) \(header.2), not version 5 and a zero reserved byte.")
        }
        guard let address = try SocksTarget.readSocks5(from: &copy, validatingHostname: false),
              let port = copy.readInteger(as: UInt16.self) else { return nil }
        buffer = copy
        return Socks5Reply(code: SocksReplyCode(rawValue: header.1), boundAddress: address, boundPort: port)
    }
}
