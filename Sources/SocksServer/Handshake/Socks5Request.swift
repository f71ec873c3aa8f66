import NIOCore

/// A SOCKS5 request (RFC 1928 §4): VER 5, CMD, RSV 0, ATYP, DST.ADDR, DST.PORT.
///
/// Decoding checks the framing only; whether the command is supported is the state machine's
/// decision, so an unknown command still gets its "command not supported" reply.
public struct Socks5Request: Hashable, Sendable {
    /// CMD.
    public var command: SocksCommand
    /// DST.ADDR; a hostname passed ``SocksHostnameRule`` when decoded.
    public var target: SocksTarget
    /// DST.PORT.
    public var port: UInt16

    /// Creates the value from its fields.
    public init(command: SocksCommand, target: SocksTarget, port: UInt16) {
        self.command = command
        self.target = target
        self.port = port
    }

    /// Reads one request: nil and nothing consumed until it is complete. Throws, consuming
    /// nothing, ``SocksError/Code/requestVersion`` for VER ≠ 5,
    /// ``SocksError/Code/reservedNotZero`` for RSV ≠ 0, and the address errors of
    /// ``SocksTarget`` (unknown ATYP, empty or malformed hostname).
    public static func read(from buffer: inout ByteBuffer) throws -> Socks5Request? {
        var copy = buffer
        guard let version = copy.readInteger(as: UInt8.self) else { return nil }
        guard version == Socks5Reply.version else {
            throw SocksError(.requestVersion, kind: .protocolViolation,
                             "The SOCKS5 request has version \(version); the client is not speaking SOCKS5.")
        }
        guard let header = copy.readMultipleIntegers(as: (UInt8, UInt8).self) else { return nil }
        guard header.1 == 0 else {
            throw SocksError(.reservedNotZero, kind: .protocolViolation,
                             "The SOCKS5 request's reserved byte is \(header.1), not 0.")
        }
        guard let target = try SocksTarget.readSocks5(from: &copy, validatingHostname: true),
              let port = copy.readInteger(as: UInt16.self) else { return nil }
        buffer = copy
        return Socks5Request(command: SocksCommand(rawValue: header.0), target: target, port: port)
    }

    /// Appends the request; see ``SocksTarget`` for the hostname length rule.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(Socks5Reply.version, command.rawValue, UInt8(0))
        target.writeSocks5(to: &buffer)
        buffer.writeInteger(port)
    }
}
