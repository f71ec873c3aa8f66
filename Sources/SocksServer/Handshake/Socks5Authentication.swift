import NIOCore

/// The RFC 1929 §2 username/password request: VER 1, ULEN, UNAME, PLEN, PASSWD.
///
/// Tor accepts every value (they are isolation keys, not secrets) and, beyond RFC 1929, empty
/// fields and this message even after "no authentication" was selected (socks-extensions.txt §1.1).
public struct Socks5Authentication: Hashable, Sendable {
    /// The sub-negotiation version octet.
    public static let version: UInt8 = 0x01

    /// UNAME, at most ``SocksLimits/maximumCredentialLength`` bytes.
    public var username: [UInt8]
    /// PASSWD, at most ``SocksLimits/maximumCredentialLength`` bytes.
    public var password: [UInt8]

    /// Creates the value from its fields.
    public init(username: [UInt8], password: [UInt8]) {
        self.username = username
        self.password = password
    }

    /// Reads one message: nil and nothing consumed until it is complete; throws
    /// ``SocksError/Code/authenticationVersion`` when VER is not 1, consuming nothing.
    public static func read(from buffer: inout ByteBuffer) throws -> Socks5Authentication? {
        var copy = buffer
        guard let version = copy.readInteger(as: UInt8.self) else { return nil }
        guard version == Self.version else {
            throw SocksError(.authenticationVersion, kind: .protocolViolation,
                             "The SOCKS5 username/password message has version \(version), not 1.")
        }
        guard let usernameLength = copy.readInteger(as: UInt8.self),
              let username = copy.readBytes(length: Int(usernameLength)),
              let passwordLength = copy.readInteger(as: UInt8.self),
              let password = copy.readBytes(length: Int(passwordLength)) else { return nil }
        buffer = copy
        return Socks5Authentication(username: username, password: password)
    }

    /// Appends the message; fields longer than 255 bytes are cut to 255.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.version)
        for field in [username, password] {
            let bytes = field.prefix(SocksLimits.maximumCredentialLength)
            buffer.writeInteger(UInt8(bytes.count))
            buffer.writeBytes(bytes)
        }
    }

    /// The credentials this message carries for isolation; nil when both fields are empty.
    public var credentials: SocksCredentials? {
        SocksCredentials.nonEmpty(username: username, password: password)
    }
}

/// The server's RFC 1929 §2 answer: VER 1, STATUS. Tor always answers success (STATUS 0).
public struct Socks5AuthenticationReply: Hashable, Sendable {
    /// STATUS: zero is success; anything else makes the client close.
    public var status: UInt8

    /// Creates the value from its fields.
    public init(status: UInt8 = 0) { self.status = status }

    /// Appends the two bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(Socks5Authentication.version, status)
    }
}
