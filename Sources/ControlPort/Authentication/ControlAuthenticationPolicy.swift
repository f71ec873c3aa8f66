import TorCore

/// Which authentication methods the control port offers (control-spec.txt §3.5, §3.21).
///
/// Invariant: NULL authentication is offered only when neither a cookie nor a hashed password
/// is configured, as in C tor.
public struct ControlAuthenticationPolicy: Sendable {
    /// The cookie COOKIE and SAFECOOKIE check against, nil when CookieAuthentication is off.
    public var cookie: SecretBytes?
    /// The cookie path PROTOCOLINFO reports (COOKIEFILE).
    public var cookieFilePath: String?
    /// The HashedControlPassword values any of which a password may match.
    public var hashedPasswords: [HashedControlPassword]

    /// A policy from explicit parts.
    public init(cookie: SecretBytes?, cookieFilePath: String?, hashedPasswords: [HashedControlPassword]) {
        self.cookie = cookie
        self.cookieFilePath = cookieFilePath
        self.hashedPasswords = hashedPasswords
    }

    /// The policy a torrc asks for; writes a fresh cookie file when CookieAuthentication is 1.
    public static func make(for configuration: TorConfiguration) throws(ControlPortError) -> ControlAuthenticationPolicy {
        var cookie: SecretBytes?
        if configuration.cookieAuthentication {
            cookie = try ControlCookie.create(at: configuration.cookieAuthFile)
        }
        return ControlAuthenticationPolicy(
            cookie: cookie, cookieFilePath: cookie == nil ? nil : configuration.cookieAuthFile,
            hashedPasswords: configuration.hashedControlPasswords)
    }

    /// Whether any AUTHENTICATE succeeds (nothing configured).
    public var allowsNullAuthentication: Bool { cookie == nil && hashedPasswords.isEmpty }

    /// The PROTOCOLINFO METHODS list, in C tor's order.
    public var methodNames: [String] {
        if allowsNullAuthentication { return ["NULL"] }
        var names: [String] = []
        if cookie != nil { names += ["COOKIE", "SAFECOOKIE"] }
        if !hashedPasswords.isEmpty { names.append("HASHEDPASSWORD") }
        return names
    }
}
