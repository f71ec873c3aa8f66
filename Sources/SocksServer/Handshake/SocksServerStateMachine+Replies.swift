import NIOCore

extension SocksServerStateMachine {
    /// Builds the reply to the request this machine yielded, and says whether to relay or close.
    ///
    /// SOCKS5 (RFC 1928 §6, tor 0.4.9's choices): CONNECT success binds 0.0.0.0:0; RESOLVE
    /// success carries the IPv4 or IPv6 answer and port 0; RESOLVE_PTR success carries the hostname
    /// (ATYP 3) and port 0; a failure carries its code (extended codes only with
    /// ``Configuration/extendedErrors``) and 0.0.0.0:0. SOCKS4/4a: X'5A' with 0.0.0.0:0, or for
    /// RESOLVE the IPv4 answer; every failure, and any answer SOCKS4 cannot carry, is X'5B'.
    /// A result that does not fit the command (an address for CONNECT, "connected" for RESOLVE)
    /// is answered as a general failure. Returns nil when no request is waiting for a result.
    public mutating func reply(_ result: SocksResult) -> SocksReplyAction? {
        guard case .awaitingResult(let version, let command) = state else { return nil }
        state = .finished
        var buffer = ByteBuffer()
        if version.usesSocks4Replies {
            switch (result, command) {
            case (.connected, .connect):
                Socks4Reply(code: .granted).write(to: &buffer)
                return .relay(buffer)
            case (.resolved(.ipv4(let answer)), .resolve):
                Socks4Reply(code: .granted, address: answer).write(to: &buffer)
            default:
                Socks4Reply(code: .rejected).write(to: &buffer)
            }
            return .close(buffer)
        }
        switch (result, command) {
        case (.connected, .connect):
            Socks5Reply(code: .succeeded).write(to: &buffer)
            return .relay(buffer)
        case (.resolved(let answer), .resolve) where answer.isAddress,
             (.resolved(let answer), .resolvePTR) where answer.isEncodableInSocks5:
            Socks5Reply(code: .succeeded, boundAddress: answer).write(to: &buffer)
        case (.failed(let code), _) where code != .succeeded:
            Socks5Reply(code: code.downgraded(extendedErrors: configuration.extendedErrors)).write(to: &buffer)
        default:
            Socks5Reply(code: .generalFailure).write(to: &buffer)
        }
        return .close(buffer)
    }

    /// The bytes to send before closing on `error`, in the dialect the client was speaking:
    /// SOCKS5 answers command not supported (X'07'), address type not supported (X'08', also for
    /// RESOLVE_PTR of a hostname, as tor does) or general failure (X'01'); SOCKS4 answers X'5B';
    /// an HTTP request gets ``HTTPProxyRejection``; an unknown version gets nothing.
    ///
    /// Two deliberate differences from tor 0.4.9, which answers X'01' both for an unknown CMD and
    /// an unknown ATYP: we send the RFC 1928 codes X'07' and X'08', which say more.
    static func failureReply(for error: SocksError, dialect: Dialect) -> ByteBuffer? {
        if error.code == .httpRequest { return HTTPProxyRejection.responseBuffer }
        var buffer = ByteBuffer()
        switch dialect {
        case .unknown:
            return nil
        case .socks4:
            Socks4Reply(code: .rejected).write(to: &buffer)
        case .socks5:
            let code: SocksReplyCode = switch error.code {
            case .commandUnsupported: .commandNotSupported
            case .addressTypeUnsupported, .reverseLookupNeedsAddress: .addressTypeNotSupported
            default: .generalFailure
            }
            Socks5Reply(code: code).write(to: &buffer)
        }
        return buffer
    }

    /// The request a SOCKS4/4a message asks for, or the error that refuses it.
    static func validated(_ message: Socks4Request) throws -> SocksRequest {
        let version = message.dialect
        try requireSupported(message.command, version: version)
        // tor refuses DSTIP 0.0.0.0 for every command, and port 0 for CONNECT (observed, 0.4.9).
        if message.hostname == nil && message.address == .unspecified {
            throw SocksError(.destinationZero, kind: .badInput,
                             "The SOCKS4 request is for address 0.0.0.0; ask for a real destination.")
        }
        try requireNonzeroPort(message.port, command: message.command)
        let target: SocksTarget = message.hostname.map(SocksTarget.hostname) ?? .ipv4(message.address)
        return SocksRequest(version: version, command: message.command, target: target, port: message.port,
                            credentials: SocksCredentials.nonEmpty(username: message.userID, password: []))
    }

    /// The request a SOCKS5 message asks for, or the error that refuses it.
    static func validated(_ message: Socks5Request, credentials: SocksCredentials?) throws -> SocksRequest {
        try requireSupported(message.command, version: .socks5)
        if message.command == .resolvePTR, !message.target.isAddress {
            throw SocksError(.reverseLookupNeedsAddress, kind: .badInput,
                             "RESOLVE_PTR needs an IPv4 or IPv6 address, not a hostname.")
        }
        try requireNonzeroPort(message.port, command: message.command)
        return SocksRequest(version: .socks5, command: message.command, target: message.target,
                            port: message.port, credentials: credentials)
    }

    private static func requireSupported(_ command: SocksCommand, version: SocksVersion) throws {
        guard command.isSupported(by: version) else {
            throw SocksError(.commandUnsupported, kind: .badInput,
                             "Tor does not support the \(version) \(command) command; use CONNECT.")
        }
    }

    private static func requireNonzeroPort(_ port: UInt16, command: SocksCommand) throws {
        guard command != .connect || port != 0 else {
            throw SocksError(.destinationZero, kind: .badInput,
                             "The application asked to connect to port 0; give it a real port.")
        }
    }
}

extension SocksTarget {
    /// True for an IPv4 or IPv6 address, false for a hostname.
    public var isAddress: Bool {
        if case .hostname = self { return false }
        return true
    }
}
