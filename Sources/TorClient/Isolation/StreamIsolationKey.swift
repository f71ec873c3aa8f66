import SocksServer
import TorCore

/// What a new stream is compared on before it may share a circuit: its session group, its
/// listener's ``IsolationRules``, and the values of the properties those rules isolate.
///
/// Invariant: a property whose rule is off is stored as nil, so two keys are equal exactly when
/// the streams may share a circuit. Like C tor, a circuit takes the key of its first stream and
/// later streams join only with an equal key. The rules are part of the key: a stream that
/// isolates by SOCKS credentials never joins a circuit whose first stream did not, because that
/// circuit may already carry streams with other credentials (C tor tracks such "mixed" circuits;
/// keeping rules in the key is the same guarantee, sometimes with an extra circuit).
///
/// Hostnames compare case-insensitively, as tor compares destination addresses. Credentials
/// with an empty username and password count as none (socks-extensions.txt §1.1).
public struct StreamIsolationKey: Hashable, Sendable, CustomStringConvertible {
    /// The listener's session group; always compared.
    public let sessionGroup: SessionGroup
    /// The rules the stream's listener applied when the key was made.
    public let rules: IsolationRules
    /// The SOCKS dialect, when `IsolateClientProtocol` is on.
    public let socksVersion: SocksVersion?
    /// The SOCKS username (SOCKS4 USERID), when `IsolateSOCKSAuth` is on and credentials were sent.
    public let username: [UInt8]?
    /// The SOCKS password, when `IsolateSOCKSAuth` is on and credentials were sent.
    public let password: [UInt8]?
    /// The destination hostname or address in lowercase, when `IsolateDestAddr` is on.
    public let destinationHost: String?
    /// The destination port, when `IsolateDestPort` is on.
    public let destinationPort: UInt16?
    /// The client's IP address as text, when `IsolateClientAddr` is on.
    public let clientAddress: String?
    /// The client's TCP source port, when `IsolateClientPort` is on.
    public let clientPort: UInt16?

    /// The key of one stream from plain values; the values its `rules` do not isolate on are
    /// dropped. `username`/`password` nil or both empty mean no credentials.
    public init(
        rules: IsolationRules, sessionGroup: SessionGroup, socksVersion: SocksVersion,
        username: [UInt8]?, password: [UInt8]?, destinationHost: String, destinationPort: UInt16,
        clientAddress: String, clientPort: UInt16
    ) {
        self.sessionGroup = sessionGroup
        self.rules = rules
        self.socksVersion = rules.clientProtocol ? socksVersion : nil
        let hasCredentials = !(username ?? []).isEmpty || !(password ?? []).isEmpty
        self.username = rules.socksAuthentication && hasCredentials ? (username ?? []) : nil
        self.password = rules.socksAuthentication && hasCredentials ? (password ?? []) : nil
        self.destinationHost = rules.destinationAddress ? destinationHost.lowercased() : nil
        self.destinationPort = rules.destinationPort ? destinationPort : nil
        self.clientAddress = rules.clientAddress ? clientAddress : nil
        self.clientPort = rules.clientPort ? clientPort : nil
    }

    /// The key of a parsed SOCKS request from the client at `clientAddress:clientPort`.
    public init(
        request: SocksRequest, rules: IsolationRules, sessionGroup: SessionGroup,
        clientAddress: String, clientPort: UInt16
    ) {
        self.init(
            rules: rules, sessionGroup: sessionGroup, socksVersion: request.version,
            username: request.credentials?.username, password: request.credentials?.password,
            destinationHost: request.target.description, destinationPort: request.port,
            clientAddress: clientAddress, clientPort: clientPort)
    }

    /// Whether a stream with this key may join a circuit whose first stream had `other`.
    public func allowsSharing(with other: StreamIsolationKey) -> Bool { self == other }

    /// The group and rules, with every value redacted under SafeLogging; the password is never
    /// shown.
    public var description: String {
        var parts = ["\(sessionGroup)", "rules=\(rules)"]
        if let socksVersion { parts.append("protocol=\(socksVersion)") }
        if let username { parts.append("username=\(Redacted(String(decoding: username, as: UTF8.self)))") }
        if password != nil { parts.append("password=[hidden]") }
        if let destinationHost { parts.append("host=\(Redacted(destinationHost))") }
        if let destinationPort { parts.append("port=\(destinationPort)") }
        if let clientAddress { parts.append("client=\(Redacted(clientAddress))") }
        if let clientPort { parts.append("clientPort=\(clientPort)") }
        return parts.joined(separator: " ")
    }
}
