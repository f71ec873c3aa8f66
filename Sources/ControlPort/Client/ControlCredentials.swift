import TorCore

/// What a controller can authenticate with (control-spec.txt §3.5): a cookie file and/or a
/// password. Either may be absent; ``ControlAuthenticationPlan`` picks the method.
public struct ControlCredentials: Sendable {
    /// The cookie file to read; nil means "the one PROTOCOLINFO names".
    public var cookieFile: String?
    /// The control password (the plain text whose hash is a HashedControlPassword).
    public var password: String?

    /// Credentials from their parts.
    public init(cookieFile: String? = nil, password: String? = nil) {
        self.cookieFile = cookieFile
        self.password = password
    }
}

/// The method a controller uses, chosen from what the server offers and what we hold.
///
/// Order: NULL when offered (nothing to prove); SAFECOOKIE when offered and the cookie is
/// readable (the server proves it knows the cookie too, §3.24); plain COOKIE; then
/// HASHEDPASSWORD with a password. Pure: the cookie is read by the caller.
public enum ControlAuthenticationPlan: Sendable, Equatable {
    /// `AUTHENTICATE` with no secret.
    case null
    /// AUTHCHALLENGE then AUTHENTICATE with the HMAC (§3.24).
    case safeCookie([UInt8])
    /// `AUTHENTICATE <hex cookie>`.
    case cookie([UInt8])
    /// `AUTHENTICATE "<password>"`.
    case password(String)

    /// The plan for `info`; `cookie` is the cookie file's content if it could be read, and
    /// `cookieProblem` why not otherwise (used in the error).
    public static func choose(
        info: ControlProtocolInfo, cookie: [UInt8]?, password: String?, cookieProblem: String?
    ) throws(ControlPortError) -> ControlAuthenticationPlan {
        if info.methods.contains("NULL") { return .null }
        if let cookie {
            if info.methods.contains("SAFECOOKIE") { return .safeCookie(cookie) }
            if info.methods.contains("COOKIE") { return .cookie(cookie) }
        }
        if let password, info.methods.contains("HASHEDPASSWORD") { return .password(password) }
        var hints: [String] = []
        if info.methods.contains("COOKIE") || info.methods.contains("SAFECOOKIE") {
            hints.append(cookieProblem.map { "the cookie file could not be read (\($0)); pass --cookie-file PATH or run as the client's user" }
                ?? "pass --cookie-file PATH")
        }
        if info.methods.contains("HASHEDPASSWORD") {
            hints.append("pass --password or set TORCTL_PASSWORD")
        }
        let offered = info.methods.sorted().joined(separator: ",")
        throw ControlPortError(
            .noUsableAuthentication, kind: .badInput,
            "cannot authenticate to the control port (it offers \(offered)): " + (hints.isEmpty ? "no method this tool supports" : hints.joined(separator: "; or ")))
    }

    /// The controller's SAFECOOKIE answer after checking the server's hash in constant time
    /// (§3.24); throws `serverHashMismatch` when the server does not know the cookie.
    public static func safeCookieResponse(
        cookie: [UInt8], clientNonce: [UInt8], serverNonce: [UInt8], serverHash: [UInt8]
    ) throws(ControlPortError) -> [UInt8] {
        let message = cookie + clientNonce + serverNonce
        let expected = HMAC.sha256(key: ControlAuthenticator.serverHashKey, message: message)
        guard ConstantTime.equals(expected, serverHash) else {
            throw ControlPortError(
                .serverHashMismatch, kind: .protocolViolation,
                "the control port's SAFECOOKIE hash is wrong: it does not know our cookie; check that --control-port and --cookie-file belong to the same client")
        }
        return HMAC.sha256(key: ControlAuthenticator.controllerHashKey, message: message)
    }

    /// The server nonce and hash of a `250 AUTHCHALLENGE SERVERHASH=… SERVERNONCE=…` reply.
    public static func challengeValues(_ reply: ControlServerReply) throws(ControlPortError) -> (serverHash: [UInt8], serverNonce: [UInt8]) {
        guard reply.isSuccess else {
            throw ControlPortError(.authenticationRefused, kind: .badInput, "the control port refused AUTHCHALLENGE: \(reply.message)")
        }
        let text = reply.message
        guard text.hasPrefix("AUTHCHALLENGE ") else {
            throw ControlPortError(.replyMalformed, kind: .protocolViolation, "the AUTHCHALLENGE reply does not start with AUTHCHALLENGE")
        }
        var hash: [UInt8]?
        var nonce: [UInt8]?
        for argument in try ControlArgumentParser.parse(String(text.dropFirst("AUTHCHALLENGE ".count))) {
            switch argument.key {
            case "SERVERHASH": hash = ControlAuthenticator.secretBytes(argument)
            case "SERVERNONCE": nonce = ControlAuthenticator.secretBytes(argument)
            default: continue
            }
        }
        guard let hash, hash.count == 32, let nonce, nonce.count == ControlAuthenticator.nonceByteCount else {
            throw ControlPortError(
                .replyMalformed, kind: .protocolViolation, "the AUTHCHALLENGE reply lacks a 32-byte SERVERHASH and SERVERNONCE")
        }
        return (hash, nonce)
    }

    /// Upper-case hex, as AUTHENTICATE and AUTHCHALLENGE carry secrets.
    public static func hex(_ bytes: [UInt8]) -> String { ControlAuthenticator.hex(bytes) }
}
