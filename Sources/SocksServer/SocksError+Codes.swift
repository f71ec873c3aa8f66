import TorCore

extension SocksError.Code {
    /// The first byte names no SOCKS version we speak (only 4 and 5).
    public static let versionUnsupported: Self = "socks.version.unsupported"
    /// The client spoke HTTP to the SOCKS port (socks-extensions.txt §4).
    public static let httpRequest: Self = "socks.http.request"
    /// The SOCKS5 greeting offered neither "no authentication" nor username/password.
    public static let noAcceptableMethod: Self = "socks5.method.none"
    /// An RFC 1929 sub-negotiation with a version other than 1.
    public static let authenticationVersion: Self = "socks5.auth.version"
    /// A SOCKS5 request whose VER is not 5.
    public static let requestVersion: Self = "socks5.request.version"
    /// A SOCKS5 request whose RSV octet is not zero (tor 0.4.9 refuses these too).
    public static let reservedNotZero: Self = "socks5.request.reserved"
    /// BIND, UDP ASSOCIATE, RESOLVE_PTR over SOCKS4, or an unknown command.
    public static let commandUnsupported: Self = "socks.command.unsupported"
    /// A SOCKS5 ATYP other than 1, 3 or 4.
    public static let addressTypeUnsupported: Self = "socks5.address.type"
    /// RESOLVE_PTR with a hostname instead of an address.
    public static let reverseLookupNeedsAddress: Self = "socks5.resolvePTR.hostname"
    /// A hostname that is empty, too long, or not one tor would send to an exit.
    public static let hostnameMalformed: Self = "socks.hostname.malformed"
    /// CONNECT to port 0, or SOCKS4 to address 0.0.0.0.
    public static let destinationZero: Self = "socks.destination.zero"
    /// A SOCKS4 USERID longer than ``SocksLimits/maximumSocks4UserIDLength``.
    public static let userIDTooLong: Self = "socks4.userid.tooLong"
    /// A reply that cannot be decoded (a SOCKS client reading our replies).
    public static let replyMalformed: Self = "socks.reply.malformed"
    /// The client did not finish the handshake within the SOCKS timeout.
    public static let handshakeTimeout: Self = "socks.handshake.timeout"
    /// The stream was not attached within the SOCKS timeout after the request.
    public static let requestTimeout: Self = "socks.request.timeout"
    /// The request delegate failed without naming a reply.
    public static let requestFailed: Self = "socks.request.failed"
    /// The client closed the connection before the handshake finished.
    public static let clientClosed: Self = "socks.client.closed"
}
