import ControlPort
import NIOCore
import TorCore
import Testing

/// PROTOCOLINFO reading and the choice and arithmetic of authentication (control-spec §3.21,
/// §3.24), checked against our own server-side authenticator.
@Suite struct ControlProtocolInfoTests {
    func reply(_ text: String) throws -> ControlServerReply {
        var parser = ControlReplyParser()
        var buffer = ByteBuffer(string: text)
        return try #require(try parser.parse(&buffer))
    }

    /// The bytes C tor 0.4.9 sends (same shape as our server's, which stem reads).
    @Test func readsMethodsCookieFileAndVersion() throws {
        let info = try ControlProtocolInfo(reply: reply(
            "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD COOKIEFILE=\"/var/lib/tor/control_auth_cookie\"\r\n250-VERSION Tor=\"0.4.9.3\"\r\n250 OK\r\n"))
        #expect(info == ControlProtocolInfo(
            methods: ["COOKIE", "SAFECOOKIE", "HASHEDPASSWORD"], cookieFile: "/var/lib/tor/control_auth_cookie", torVersion: "0.4.9.3"))
    }

    @Test func ourServerReplyRoundTrips() throws {
        let policy = ControlAuthenticationPolicy(cookie: SecretBytes([UInt8](repeating: 1, count: 32)), cookieFilePath: "/tmp/a \"b\"", hashedPasswords: [])
        let text = String(decoding: ControlAuthenticator(policy: policy).protocolInfo(torVersion: "0.1.0").encoded, as: UTF8.self)
        let info = try ControlProtocolInfo(reply: reply(text))
        #expect(info == ControlProtocolInfo(methods: ["COOKIE", "SAFECOOKIE"], cookieFile: "/tmp/a \"b\"", torVersion: "0.1.0"))
    }

    @Test func missingAuthLineThrows() throws {
        #expect(throws: ControlPortError.self) { try ControlProtocolInfo(reply: reply("250-PROTOCOLINFO 1\r\n250 OK\r\n")) }
    }

    @Test func errorReplyThrowsCommandRefused() throws {
        let refusal = try reply("513 No such version\r\n")
        do {
            _ = try ControlProtocolInfo(reply: refusal)
            Issue.record("accepted an error reply")
        } catch {
            #expect(error.code == .commandRefused)
        }
    }

    @Test func planPrefersNullThenSafeCookieThenCookieThenPassword() throws {
        let cookie = [UInt8](repeating: 7, count: 32)
        func info(_ methods: Set<String>) -> ControlProtocolInfo { ControlProtocolInfo(methods: methods, cookieFile: nil, torVersion: nil) }
        #expect(try ControlAuthenticationPlan.choose(info: info(["NULL"]), cookie: cookie, password: "p", cookieProblem: nil) == .null)
        #expect(try ControlAuthenticationPlan.choose(info: info(["COOKIE", "SAFECOOKIE", "HASHEDPASSWORD"]), cookie: cookie, password: "p", cookieProblem: nil) == .safeCookie(cookie))
        #expect(try ControlAuthenticationPlan.choose(info: info(["COOKIE"]), cookie: cookie, password: nil, cookieProblem: nil) == .cookie(cookie))
        #expect(try ControlAuthenticationPlan.choose(info: info(["COOKIE", "SAFECOOKIE", "HASHEDPASSWORD"]), cookie: nil, password: "p", cookieProblem: "denied") == .password("p"))
    }

    @Test func noUsableMethodSaysWhatToPass() {
        do {
            _ = try ControlAuthenticationPlan.choose(
                info: ControlProtocolInfo(methods: ["SAFECOOKIE", "HASHEDPASSWORD"], cookieFile: nil, torVersion: nil),
                cookie: nil, password: nil, cookieProblem: "Permission denied")
            Issue.record("chose a method without credentials")
        } catch {
            #expect(error.code == .noUsableAuthentication)
            #expect(error.reason.contains("--cookie-file") && error.reason.contains("TORCTL_PASSWORD"))
        }
    }

    /// Our client's SAFECOOKIE answer is what our server (and C tor, see the interop test) expects.
    @Test func safeCookieResponseMatchesServer() throws {
        let cookie = [UInt8](0..<32)
        let policy = ControlAuthenticationPolicy(cookie: SecretBytes(cookie), cookieFilePath: nil, hashedPasswords: [])
        var server = ControlAuthenticator(policy: policy, nonceSource: { [UInt8](repeating: 0xAB, count: $0) })
        let clientNonce = [UInt8](repeating: 0x11, count: 32)
        let challenge = server.challenge(try ControlArgumentParser.parse("SAFECOOKIE " + ControlAuthenticationPlan.hex(clientNonce)))
        let (serverHash, serverNonce) = try ControlAuthenticationPlan.challengeValues(reply(String(decoding: challenge.encoded, as: UTF8.self)))
        #expect(serverNonce == [UInt8](repeating: 0xAB, count: 32))
        let response = try ControlAuthenticationPlan.safeCookieResponse(
            cookie: cookie, clientNonce: clientNonce, serverNonce: serverNonce, serverHash: serverHash)
        let (_, accepted) = server.authenticate(try ControlArgumentParser.parse(ControlAuthenticationPlan.hex(response)))
        #expect(accepted)
    }

    @Test func wrongServerHashIsRejected() {
        var forged = HMAC.sha256(key: ControlAuthenticator.serverHashKey, message: [UInt8](repeating: 0, count: 96))
        forged[0] ^= 1
        do {
            _ = try ControlAuthenticationPlan.safeCookieResponse(
                cookie: [UInt8](repeating: 0, count: 32), clientNonce: [UInt8](repeating: 0, count: 32),
                serverNonce: [UInt8](repeating: 0, count: 32), serverHash: forged)
            Issue.record("accepted a forged server hash")
        } catch {
            #expect(error.code == .serverHashMismatch)
        }
    }
}
