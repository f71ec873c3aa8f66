import NIOCore

/// The server side of a SOCKS4, SOCKS4a or SOCKS5 handshake, as a pure state machine over bytes.
///
/// Feed it the client's bytes with ``receive(_:)`` until it returns nil, acting on each
/// ``SocksAction``; when it yields ``SocksAction/request(_:)``, carry out the request and hand the
/// result to ``reply(_:)``. It never reads a socket, a clock or a global, and never traps: every
/// input ends in "need more bytes", a reply, or a close (RFC 1928, RFC 1929, SOCKS4/4a,
/// socks-extensions.txt).
///
/// Input may arrive in any split: a message is consumed only once it is complete, so feeding one
/// byte at a time and feeding everything at once yield the same actions.
public struct SocksServerStateMachine: Sendable {
    /// The per-port choices that change what the server answers.
    public struct Configuration: Hashable, Sendable {
        /// Pick "no authentication" over username/password when a client offers both
        /// (tor(1) `PreferSOCKSNoAuth`, also implied when `IsolateSOCKSAuth` is off).
        public var preferNoAuthentication: Bool
        /// Send Tor's extended reply codes X'F0'–X'F7' (tor(1) `ExtendedErrors`); without it they
        /// become general failure.
        public var extendedErrors: Bool

        /// Creates the value from its fields.
        public init(preferNoAuthentication: Bool = false, extendedErrors: Bool = false) {
            self.preferNoAuthentication = preferNoAuthentication
            self.extendedErrors = extendedErrors
        }
    }

    enum State: Sendable {
        /// Nothing read yet: the first byte picks SOCKS4, SOCKS5, the HTTP page, or a close.
        case awaitingVersion
        /// SOCKS5, username/password selected: the RFC 1929 message must come next.
        case awaitingAuthentication
        /// SOCKS5, method settled; `mayAuthenticate` while "no authentication" was selected and
        /// no RFC 1929 message has come yet (tor accepts one anyway, socks-extensions.txt §1.1).
        case awaitingRequest(credentials: SocksCredentials?, mayAuthenticate: Bool)
        /// The request went out; waiting for its result.
        case awaitingResult(version: SocksVersion, command: SocksCommand)
        /// Replied or closed: nothing more to parse.
        case finished
    }

    /// Which reply format a failure uses.
    enum Dialect { case unknown, socks4, socks5 }

    var state: State = .awaitingVersion
    /// The choices this machine was made with.
    public let configuration: Configuration

    /// Creates the value from its fields.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// True once the machine has nothing more to parse (a request is out, or it closed).
    public var isHandshakeComplete: Bool {
        switch state {
        case .awaitingResult, .finished: true
        default: false
        }
    }

    /// Consumes at most one client message from `buffer` and says what to do about it; nil when
    /// more bytes are needed or nothing more is expected. Call again until it returns nil: one
    /// read may hold several messages. On ``SocksAction/request(_:)`` every byte left in
    /// `buffer` moves into the request as optimistic data.
    public mutating func receive(_ buffer: inout ByteBuffer) -> SocksAction? {
        let dialect = currentDialect(buffer)
        do {
            return try step(&buffer)
        } catch let error as SocksError {
            state = .finished
            return .close(reply: Self.failureReply(for: error, dialect: dialect), error: error)
        } catch {
            state = .finished
            let wrapped = SocksError(.requestFailed, kind: .internalFailure, "SOCKS parsing failed: \(error)")
            return .close(reply: Self.failureReply(for: wrapped, dialect: dialect), error: wrapped)
        }
    }

    private mutating func step(_ buffer: inout ByteBuffer) throws -> SocksAction? {
        switch state {
        case .awaitingVersion:
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
            switch first {
            case Socks4Request.version:
                guard let request = try Socks4Request.read(from: &buffer) else { return nil }
                return try complete(Self.validated(request), from: &buffer)
            case Socks5Reply.version:
                return try negotiate(&buffer)
            case let byte where HTTPProxyRejection.leadingBytes.contains(byte):
                throw SocksError(.httpRequest, kind: .badInput,
                                 "An application sent HTTP to the SOCKS port; configure it to use SOCKS5, not an HTTP proxy.")
            default:
                throw SocksError(.versionUnsupported, kind: .badInput,
                                 "A client opened with byte \(first), which is not SOCKS4 or SOCKS5; configure it to use SOCKS5.")
            }
        case .awaitingAuthentication:
            return try authenticate(&buffer)
        case .awaitingRequest(let credentials, let mayAuthenticate):
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
            if mayAuthenticate && first == Socks5Authentication.version { return try authenticate(&buffer) }
            guard let request = try Socks5Request.read(from: &buffer) else { return nil }
            return try complete(Self.validated(request, credentials: credentials), from: &buffer)
        case .awaitingResult, .finished:
            return nil
        }
    }

    private mutating func negotiate(_ buffer: inout ByteBuffer) throws -> SocksAction? {
        guard let greeting = try Socks5Greeting.read(from: &buffer) else { return nil }
        let method = greeting.selectMethod(preferNoAuthentication: configuration.preferNoAuthentication)
        var reply = ByteBuffer()
        Socks5MethodSelection(method: method).write(to: &reply)
        switch method {
        case .usernamePassword:
            state = .awaitingAuthentication
        case .noAuthentication:
            state = .awaitingRequest(credentials: nil, mayAuthenticate: true)
        default:
            state = .finished
            return .close(reply: reply, error: SocksError(
                .noAcceptableMethod, kind: .badInput,
                "The SOCKS5 client offered no method Tor accepts; allow \"no authentication\" or username/password."))
        }
        return .send(reply)
    }

    private mutating func authenticate(_ buffer: inout ByteBuffer) throws -> SocksAction? {
        guard let message = try Socks5Authentication.read(from: &buffer) else { return nil }
        state = .awaitingRequest(credentials: message.credentials, mayAuthenticate: false)
        var reply = ByteBuffer()
        Socks5AuthenticationReply().write(to: &reply)
        return .send(reply)
    }

    private mutating func complete(_ request: SocksRequest, from buffer: inout ByteBuffer) throws -> SocksAction {
        var request = request
        request.optimisticData = buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer()
        state = .awaitingResult(version: request.version, command: request.command)
        return .request(request)
    }

    /// The reply format in force before `buffer` is parsed: known once a version byte was seen.
    private func currentDialect(_ buffer: ByteBuffer) -> Dialect {
        switch state {
        case .awaitingVersion:
            switch buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) {
            case Socks4Request.version: .socks4
            case Socks5Reply.version: .socks5
            default: .unknown
            }
        case .awaitingResult(let version, _): version.usesSocks4Replies ? .socks4 : .socks5
        default: .socks5
        }
    }
}
