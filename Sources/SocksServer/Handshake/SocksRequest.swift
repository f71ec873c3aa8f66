import NIOCore

/// A complete SOCKS request, whatever the dialect: what the client wants, where, and as whom.
///
/// Produced once per connection by ``SocksServerStateMachine``. The command is one Tor carries
/// out for this version (CONNECT, RESOLVE, or RESOLVE_PTR over SOCKS5); the target has passed the
/// hostname rule; CONNECT never has port 0.
public struct SocksRequest: Hashable, Sendable {
    /// SOCKS4, SOCKS4a or SOCKS5; tor isolates them apart under `IsolateClientProtocol`.
    public var version: SocksVersion
    /// CONNECT, RESOLVE or RESOLVE_PTR.
    public var command: SocksCommand
    /// The destination, or for RESOLVE_PTR the address to look up. Hostnames go to the exit
    /// unresolved.
    public var target: SocksTarget
    /// The destination port; for RESOLVE and RESOLVE_PTR whatever the client sent (often 0).
    public var port: UInt16
    /// RFC 1929 credentials or the SOCKS4 USERID, the isolation key of `IsolateSOCKSAuth`; nil
    /// when none or only empty ones were sent.
    public var credentials: SocksCredentials?
    /// Bytes the client sent after the request before any reply (socks-extensions.txt §5), to go
    /// out with or right after the BEGIN; may be empty.
    public var optimisticData: ByteBuffer

    /// Creates the value from its fields.
    public init(
        version: SocksVersion, command: SocksCommand, target: SocksTarget, port: UInt16,
        credentials: SocksCredentials? = nil, optimisticData: ByteBuffer = ByteBuffer()
    ) {
        self.version = version
        self.command = command
        self.target = target
        self.port = port
        self.credentials = credentials
        self.optimisticData = optimisticData
    }
}

/// What the owner of a ``SocksServerStateMachine`` does next after feeding it bytes.
public enum SocksAction: Sendable {
    /// Send these bytes (method selection, RFC 1929 answer) and keep feeding input.
    case send(ByteBuffer)
    /// The handshake is complete: carry out the request, then call
    /// ``SocksServerStateMachine/reply(_:)`` with the result. Later input is the client's data.
    case request(SocksRequest)
    /// Send `reply` when there is one, then close; `error` says why, for the log.
    case close(reply: ByteBuffer?, error: SocksError)
}

/// How a request turned out, as far as the SOCKS client is told.
public enum SocksResult: Hashable, Sendable {
    /// CONNECT succeeded: the stream is open; the reply carries 0.0.0.0:0 as tor's does.
    case connected
    /// RESOLVE answered with an IPv4 or IPv6 address, or RESOLVE_PTR with a hostname.
    case resolved(SocksTarget)
    /// The request failed with this SOCKS5 code; SOCKS4 clients see X'5B'.
    case failed(SocksReplyCode)
}

/// What to do with the reply ``SocksServerStateMachine/reply(_:)`` built.
public enum SocksReplyAction: Sendable, Equatable {
    /// Send the reply, then relay bytes both ways: CONNECT succeeded.
    case relay(ByteBuffer)
    /// Send the reply, then close: a failure, or a RESOLVE answered (tor closes after it).
    case close(ByteBuffer)
}
