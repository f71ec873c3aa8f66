import NIOCore

/// A SOCKS4 or SOCKS4a request: VN 4, CD, DSTPORT, DSTIP, USERID, NUL, and for SOCKS4a (DSTIP
/// 0.0.0.x with x ≠ 0) a hostname and NUL.
///
/// Decoding checks framing and field bounds; which commands and destinations are allowed is the
/// state machine's decision.
public struct Socks4Request: Hashable, Sendable {
    /// The SOCKS4 version octet.
    public static let version: UInt8 = 0x04

    /// CD.
    public var command: SocksCommand
    /// DSTPORT.
    public var port: UInt16
    /// DSTIP as sent; for SOCKS4a it is 0.0.0.x and ``hostname`` holds the destination.
    public var address: SocksIPv4Address
    /// USERID without its NUL, at most ``SocksLimits/maximumSocks4UserIDLength`` bytes.
    public var userID: [UInt8]
    /// The SOCKS4a hostname, checked by ``SocksHostnameRule``; nil for plain SOCKS4.
    public var hostname: String?

    /// Creates the value from its fields.
    public init(command: SocksCommand, port: UInt16, address: SocksIPv4Address, userID: [UInt8], hostname: String? = nil) {
        self.command = command
        self.port = port
        self.address = address
        self.userID = userID
        self.hostname = hostname
    }

    /// True when DSTIP is 0.0.0.x with x ≠ 0, the SOCKS4a signal that a hostname follows.
    public static func signalsHostname(_ address: SocksIPv4Address) -> Bool {
        address.rawValue != 0 && address.rawValue <= 0xFF
    }

    /// Which dialect this request is.
    public var dialect: SocksVersion { hostname == nil ? .socks4 : .socks4a }

    /// Reads one request: nil and nothing consumed until it is complete. Throws, consuming
    /// nothing, ``SocksError/Code/requestVersion`` for VN ≠ 4,
    /// ``SocksError/Code/userIDTooLong`` as soon as the USERID outgrows its limit, and
    /// ``SocksError/Code/hostnameMalformed`` for an empty, overlong or malformed SOCKS4a hostname.
    public static func read(from buffer: inout ByteBuffer) throws -> Socks4Request? {
        var copy = buffer
        guard let fields = copy.readMultipleIntegers(as: (UInt8, UInt8, UInt16, UInt32).self) else { return nil }
        guard fields.0 == version else {
            throw SocksError(.requestVersion, kind: .protocolViolation, "The SOCKS4 request has version \(fields.0).")
        }
        let address = SocksIPv4Address(rawValue: fields.3)
        guard let userID = try readTerminated(from: &copy, limit: SocksLimits.maximumSocks4UserIDLength,
                                              error: userIDTooLong) else { return nil }
        var hostname: String?
        if signalsHostname(address) {
            guard let bytes = try readTerminated(from: &copy, limit: SocksLimits.maximumSocks4HostnameLength,
                                                 error: hostnameTooLong) else { return nil }
            guard !bytes.isEmpty else {
                throw SocksError(.hostnameMalformed, kind: .badInput,
                                 "The SOCKS4a request has an empty hostname; ask for a host by name.")
            }
            hostname = try SocksTarget.validatedHostname(bytes, validating: true)
        }
        buffer = copy
        return Socks4Request(command: SocksCommand(rawValue: fields.1), port: fields.2, address: address,
                             userID: userID, hostname: hostname)
    }

    /// Appends the request; fields are written as given, each followed by NUL.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(Self.version, command.rawValue, port, address.rawValue)
        buffer.writeBytes(userID)
        buffer.writeInteger(UInt8(0))
        if let hostname {
            buffer.writeString(hostname)
            buffer.writeInteger(UInt8(0))
        }
    }

    /// The bytes up to the next NUL, consuming the NUL; nil while no NUL has arrived and the
    /// field is still within `limit`, so a client cannot make us buffer without end.
    private static func readTerminated(from buffer: inout ByteBuffer, limit: Int, error: SocksError) throws -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let end = view.firstIndex(of: 0) else {
            if view.count > limit { throw error }
            return nil
        }
        let length = end - view.startIndex
        guard length <= limit else { throw error }
        defer { buffer.moveReaderIndex(forwardBy: 1) }
        return buffer.readBytes(length: length)
    }

    private static var userIDTooLong: SocksError {
        SocksError(.userIDTooLong, kind: .badInput,
                   "The SOCKS4 USERID is longer than \(SocksLimits.maximumSocks4UserIDLength) bytes; use a shorter one.")
    }

    private static var hostnameTooLong: SocksError {
        SocksError(.hostnameMalformed, kind: .badInput,
                   "The SOCKS4a hostname is longer than \(SocksLimits.maximumSocks4HostnameLength) bytes.")
    }
}
