/// What a client authenticated with: RFC 1929 username and password, or a SOCKS4 USERID.
///
/// These are isolation keys, not secrets (socks-extensions.txt §1.1, `IsolateSOCKSAuth`): every
/// value is accepted, and two streams may share a circuit only when their credentials are equal.
/// Bytes, not strings, because clients put arbitrary bytes here and equality must be exact.
/// A request with an empty username and password carries no credentials at all (`nil`), as in tor,
/// so "no auth" and "empty auth" isolate alike.
public struct SocksCredentials: Hashable, Sendable {
    /// The RFC 1929 UNAME, or the SOCKS4 USERID; at most ``SocksLimits`` allow.
    public var username: [UInt8]
    /// The RFC 1929 PASSWD; always empty for SOCKS4.
    public var password: [UInt8]

    /// Credentials from raw fields.
    public init(username: [UInt8], password: [UInt8] = []) {
        self.username = username
        self.password = password
    }

    /// The credentials a request carries, or nil when both fields are empty.
    static func nonEmpty(username: [UInt8], password: [UInt8]) -> SocksCredentials? {
        username.isEmpty && password.isEmpty ? nil : SocksCredentials(username: username, password: password)
    }
}
