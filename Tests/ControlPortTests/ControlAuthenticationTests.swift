import ControlPort
import TorCore
import Testing

@Suite struct ControlAuthenticationTests {
    typealias Data = ControlTestData

    /// Produced by the installed `tor --hash-password` (tor 0.4.9.11).
    static let realTorHashes: [(password: String, hash: String)] = [
        ("correct horse", "16:A24A94CF9B5AECED603D37DE18E246C81F091D978316619ECF8EF27EE2"),
        ("", "16:A557CAC8660F380360DCC523D65DCB93B0000027544DA342BFE6BA2D82"),
        (#"p@ss "quoted" \back"#, "16:3B317E50B89322D0606C47601512B77E79054542874CADCA27A33AC72F"),
    ]

    @Test func protocolInfoWithCookie() {
        var session = Data.session()
        #expect(Data.text(session.receive(ControlCommand(keyword: "PROTOCOLINFO", arguments: "1"))) ==
            "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/var/lib/tor/control_auth_cookie\"\r\n" +
            "250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n")
    }

    @Test func protocolInfoWithPasswordAndWithNothing() {
        var password = Data.session(cookie: nil, passwords: [Self.realTorHashes[0].hash])
        #expect(Data.text(password.receive(ControlCommand(keyword: "PROTOCOLINFO"))).contains("250-AUTH METHODS=HASHEDPASSWORD\r\n"))
        var open = Data.session(cookie: nil)
        #expect(Data.text(open.receive(ControlCommand(keyword: "PROTOCOLINFO"))).contains("250-AUTH METHODS=NULL\r\n"))
    }

    @Test func cookieInHexAuthenticates() {
        var session = Data.session()
        #expect(Data.text(session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: Data.hex(Data.cookie)))) == "250 OK\r\n")
        #expect(session.isAuthenticated)
    }

    @Test func cookieQuotedAuthenticates() {
        var session = Data.session(cookie: Array("0123456789abcdef0123456789abcdef".utf8))
        _ = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: "\"0123456789abcdef0123456789abcdef\""))
        #expect(session.isAuthenticated)
    }

    @Test func wrongCookieFailsAndCloses() {
        var session = Data.session()
        var wrong = Data.cookie
        wrong[31] ^= 1
        let action = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: Data.hex(wrong)))
        guard case .replyAndClose(let reply) = action else { Issue.record("expected close, got \(action)"); return }
        #expect(reply.status == .badAuthentication)
        #expect(!session.isAuthenticated)
    }

    @Test func badHexFailsAndCloses() {
        var session = Data.session()
        let action = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: "nothex"))
        guard case .replyAndClose(let reply) = action else { Issue.record("expected close"); return }
        #expect(reply.status == .badAuthentication)
    }

    @Test func safeCookieWithPythonComputedHashes() {
        var session = Data.session()
        let challenge = session.receive(ControlCommand(keyword: "AUTHCHALLENGE", arguments: "SAFECOOKIE " + Data.hex([UInt8](repeating: 1, count: 32))))
        // Expected values computed with Python's hmac module, independent of our HMAC wrapper.
        #expect(Data.text(challenge) ==
            "250 AUTHCHALLENGE SERVERHASH=A6AFF29464283030D9A6FD4BECCC854FE7A6315B041E62ECADA0AB8498D3001E " +
            "SERVERNONCE=ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\r\n")
        _ = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: "FAA497473045727413884DE8709F05F9C44FDC3818D2BF9C2CCFC0E21F1CED96"))
        #expect(session.isAuthenticated)
    }

    @Test func safeCookieRejectsThePlainCookieAfterAChallenge() {
        var session = Data.session()
        _ = session.receive(ControlCommand(keyword: "AUTHCHALLENGE", arguments: "SAFECOOKIE " + Data.hex([UInt8](repeating: 1, count: 32))))
        let action = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: Data.hex(Data.cookie)))
        guard case .replyAndClose = action else { Issue.record("expected close"); return }
        #expect(!session.isAuthenticated)
    }

    @Test func authChallengeNeedsSafeCookieAndACookie() {
        var session = Data.session()
        #expect(Data.text(session.receive(ControlCommand(keyword: "AUTHCHALLENGE", arguments: "HMAC 0101"))).hasPrefix("513 "))
        #expect(Data.text(session.receive(ControlCommand(keyword: "AUTHCHALLENGE", arguments: "SAFECOOKIE"))).hasPrefix("513 "))
        #expect(Data.text(session.receive(ControlCommand(keyword: "AUTHCHALLENGE", arguments: "SAFECOOKIE zz"))).hasPrefix("512 "))
        var noCookie = Data.session(cookie: nil, passwords: [Self.realTorHashes[0].hash])
        #expect(Data.text(noCookie.receive(ControlCommand(keyword: "AUTHCHALLENGE", arguments: "SAFECOOKIE 0101"))).hasPrefix("515 "))
    }

    @Test(arguments: realTorHashes.indices)
    func passwordMatchesRealTorHash(_ index: Int) throws {
        let (password, text) = Self.realTorHashes[index]
        let stored = try #require(HashedControlPassword(text))
        #expect(PasswordS2K.verify(password: Array(password.utf8), against: stored))
        #expect(!PasswordS2K.verify(password: Array((password + "x").utf8), against: stored))
        var session = Data.session(cookie: nil, passwords: [text])
        _ = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: ControlArgumentParser.quote(password)))
        #expect(session.isAuthenticated)
    }

    @Test func wrongPasswordFailsAndCloses() {
        var session = Data.session(cookie: nil, passwords: [Self.realTorHashes[0].hash])
        let action = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: "\"battery staple\""))
        guard case .replyAndClose(let reply) = action else { Issue.record("expected close"); return }
        #expect(reply.status == .badAuthentication)
    }

    @Test func nullOnlyWhenNothingConfigured() {
        var open = Data.session(cookie: nil)
        _ = open.receive(ControlCommand(keyword: "AUTHENTICATE"))
        #expect(open.isAuthenticated)
        var cookie = Data.session()
        _ = cookie.receive(ControlCommand(keyword: "AUTHENTICATE"))
        #expect(!cookie.isAuthenticated)
        var password = Data.session(cookie: nil, passwords: [Self.realTorHashes[0].hash])
        _ = password.receive(ControlCommand(keyword: "AUTHENTICATE"))
        #expect(!password.isAuthenticated)
    }

    @Test(arguments: ["GETINFO version", "GETCONF SocksPort", "SETCONF SocksPort=1", "SETEVENTS BW", "SIGNAL NEWNYM", "SAVECONF", "FOO"])
    func commandsBeforeAuthenticationGet514AndClose(_ line: String) {
        var session = Data.session()
        let parts = line.split(separator: " ", maxSplits: 1)
        let action = session.receive(ControlCommand(keyword: String(parts[0]), arguments: parts.count > 1 ? String(parts[1]) : ""))
        #expect(Data.text(action) == "CLOSE 514 Authentication required.\r\n")
    }

    @Test func quitBeforeAuthentication() {
        var session = Data.session()
        #expect(Data.text(session.receive(ControlCommand(keyword: "QUIT"))) == "CLOSE 250 closing connection\r\n")
    }
}
