import NIOCore

/// A SOCKS5 authentication method (RFC 1928 §3); open so unknown methods survive decoding.
public struct SocksAuthenticationMethod: RawRepresentable, Hashable, Sendable {
    /// The wire value.
    public let rawValue: UInt8
    /// Wraps any wire value, known or not.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// X'00' no authentication required.
    public static let noAuthentication = SocksAuthenticationMethod(rawValue: 0x00)
    /// X'01' GSSAPI: not supported by Tor (socks-extensions.txt §1.1).
    public static let gssapi = SocksAuthenticationMethod(rawValue: 0x01)
    /// X'02' username/password (RFC 1929), which Tor uses for stream isolation.
    public static let usernamePassword = SocksAuthenticationMethod(rawValue: 0x02)
    /// X'FF' no acceptable methods: the server closes after sending it.
    public static let noAcceptable = SocksAuthenticationMethod(rawValue: 0xFF)
}

/// The client's first SOCKS5 message (RFC 1928 §3): VER 5, NMETHODS, METHODS.
public struct Socks5Greeting: Hashable, Sendable {
    /// The methods the client offers, in its order; at most 255 by the one-octet count.
    public var methods: [SocksAuthenticationMethod]

    /// Creates the value from its fields.
    public init(methods: [SocksAuthenticationMethod]) { self.methods = methods }

    /// Reads one greeting: nil and nothing consumed until all NMETHODS bytes are there. The
    /// caller has already seen VER 5; any other VER throws ``SocksError/Code/requestVersion``.
    public static func read(from buffer: inout ByteBuffer) throws -> Socks5Greeting? {
        var copy = buffer
        guard let header = copy.readMultipleIntegers(as: (UInt8, UInt8).self) else { return nil }
        guard header.0 == Socks5Reply.version else {
            throw SocksError(.requestVersion, kind: .protocolViolation, "The SOCKS5 greeting has version \(header.0).")
        }
        guard let methods = copy.readBytes(length: Int(header.1)) else { return nil }
        buffer = copy
        return Socks5Greeting(methods: methods.map(SocksAuthenticationMethod.init(rawValue:)))
    }

    /// Appends the greeting; at most 255 methods are written.
    public func write(to buffer: inout ByteBuffer) {
        let offered = methods.prefix(255)
        buffer.writeMultipleIntegers(Socks5Reply.version, UInt8(offered.count))
        buffer.writeBytes(offered.map(\.rawValue))
    }

    /// The method the server picks: username/password when offered, so that `IsolateSOCKSAuth`
    /// sees the credentials, unless `preferNoAuthentication` and "no authentication" is offered
    /// too (tor(1) `PreferSOCKSNoAuth`); ``SocksAuthenticationMethod/noAcceptable`` otherwise.
    public func selectMethod(preferNoAuthentication: Bool) -> SocksAuthenticationMethod {
        let offersPassword = methods.contains(.usernamePassword)
        let offersNone = methods.contains(.noAuthentication)
        if offersPassword && !(preferNoAuthentication && offersNone) { return .usernamePassword }
        return offersNone ? .noAuthentication : .noAcceptable
    }
}

/// The server's method selection message (RFC 1928 §3): VER 5, METHOD.
public struct Socks5MethodSelection: Hashable, Sendable {
    /// The chosen method, or ``SocksAuthenticationMethod/noAcceptable``.
    public var method: SocksAuthenticationMethod

    /// Creates the value from its fields.
    public init(method: SocksAuthenticationMethod) { self.method = method }

    /// Appends the two bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(Socks5Reply.version, method.rawValue)
    }
}
