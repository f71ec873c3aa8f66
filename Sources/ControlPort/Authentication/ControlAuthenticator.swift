import TorCore

/// The authentication half of a control session: PROTOCOLINFO (§3.21), AUTHCHALLENGE (§3.24)
/// and AUTHENTICATE (§3.5) of control-spec.txt. Pure: replies out, no I/O.
///
/// Every secret comparison goes through `ConstantTime.equals`. A failed AUTHENTICATE returns
/// `authenticated == false`; the session closes the connection then, as C tor does.
public struct ControlAuthenticator: Sendable {
    /// Key of the server hash in SAFECOOKIE (control-spec §3.24).
    public static let serverHashKey = Array("Tor safe cookie authentication server-to-controller hash".utf8)
    /// Key of the controller hash in SAFECOOKIE (control-spec §3.24).
    public static let controllerHashKey = Array("Tor safe cookie authentication controller-to-server hash".utf8)
    /// Nonce length of both sides (control-spec §3.24: 32 bytes).
    public static let nonceByteCount = 32

    /// The offered methods.
    public let policy: ControlAuthenticationPolicy
    private let nonceSource: @Sendable (Int) -> [UInt8]
    /// The controller hash a SAFECOOKIE AUTHENTICATE must carry after AUTHCHALLENGE.
    private var expectedControllerHash: [UInt8]?

    /// An authenticator; `nonceSource` is injectable so tests know the server nonce.
    public init(policy: ControlAuthenticationPolicy, nonceSource: @escaping @Sendable (Int) -> [UInt8] = SecureRandom.bytes) {
        self.policy = policy
        self.nonceSource = nonceSource
    }

    /// The PROTOCOLINFO reply (§3.21).
    public func protocolInfo(torVersion: String) -> ControlReply {
        var auth = "AUTH METHODS=" + policy.methodNames.joined(separator: ",")
        if let path = policy.cookieFilePath { auth += " COOKIEFILE=" + ControlArgumentParser.quote(path) }
        return ControlReply(.ok, lines: [
            .text("PROTOCOLINFO 1"), .text(auth),
            .text("VERSION Tor=" + ControlArgumentParser.quote(torVersion)), .text("OK"),
        ])
    }

    /// Answers `AUTHCHALLENGE SAFECOOKIE <nonce>` (§3.24) and remembers the expected hash.
    public mutating func challenge(_ arguments: [ControlArgument]) -> ControlReply {
        guard arguments.count == 2, arguments[0].key == nil, arguments[0].value.uppercased() == "SAFECOOKIE" else {
            return ControlReply(.unrecognizedArgument, "AUTHCHALLENGE only supports SAFECOOKIE authentication")
        }
        guard let cookie = policy.cookie else {
            return ControlReply(.badAuthentication, "Cookie authentication is disabled")
        }
        guard let clientNonce = Self.secretBytes(arguments[1]), !clientNonce.isEmpty else {
            return ControlReply(.argumentSyntaxError, "Invalid base16 client nonce")
        }
        let serverNonce = nonceSource(Self.nonceByteCount)
        let message = cookie.bytes + clientNonce + serverNonce
        let serverHash = HMAC.sha256(key: Self.serverHashKey, message: message)
        expectedControllerHash = HMAC.sha256(key: Self.controllerHashKey, message: message)
        return ControlReply(
            .ok, "AUTHCHALLENGE SERVERHASH=\(Self.hex(serverHash)) SERVERNONCE=\(Self.hex(serverNonce))")
    }

    /// Checks `AUTHENTICATE [secret]` (§3.5): the reply and whether it succeeded.
    public mutating func authenticate(_ arguments: [ControlArgument]) -> (reply: ControlReply, authenticated: Bool) {
        guard arguments.count <= 1, arguments.first?.key == nil else {
            return (ControlReply(.argumentSyntaxError, "Too many arguments to AUTHENTICATE"), false)
        }
        let decoded: [UInt8]? = arguments.isEmpty ? [] : Self.secretBytes(arguments[0])
        guard let secret = decoded else {
            return (ControlReply(
                .badAuthentication,
                "Authentication failed: invalid hexadecimal encoding; put a plain-text password in double quotes"), false)
        }
        if let expected = expectedControllerHash {
            expectedControllerHash = nil
            guard ConstantTime.equals(secret, expected) else {
                return (ControlReply(.badAuthentication, "Authentication failed: SAFECOOKIE response did not match expected value."), false)
            }
            return (.ok, true)
        }
        var accepted = policy.allowsNullAuthentication
        if let cookie = policy.cookie, ConstantTime.equals(secret, cookie.bytes) { accepted = true }
        for stored in policy.hashedPasswords where PasswordS2K.verify(password: secret, against: stored) {
            accepted = true
        }
        guard accepted else {
            return (ControlReply(.badAuthentication, "Authentication failed: wrong password or cookie"), false)
        }
        return (.ok, true)
    }

    /// A quoted argument's bytes, or an unquoted argument decoded from hex; nil for bad hex.
    static func secretBytes(_ argument: ControlArgument) -> [UInt8]? {
        if argument.wasQuoted { return argument.bytes }
        let digits = argument.bytes
        guard digits.count % 2 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Upper-case hex, as C tor prints nonces and hashes.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes { output += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: output, as: UTF8.self)
    }
}
