import Testing
@testable import TorCore

/// ControlPort forms, cookie and password authentication (tor(1); control-spec.txt §5.1).
@Suite struct ControlPortTests {
    /// Printed by `tor --hash-password foo` (tor 0.4.9.11).
    private let hashedFoo = "16:F00F8C18F6E31712605BC8E7A0E45F91117E83E04315BCA7689777D28C"

    @Test func noControlPortByDefault() throws {
        #expect(try TorrcFixture.configuration("").controlPorts.isEmpty)
    }

    @Test func allForms() throws {
        let configuration = try TorrcFixture.configuration(
            "CookieAuthentication 1\nControlPort 9051\nControlPort 127.0.0.1:9052\nControlPort auto\nControlPort [::1]:9053")
        #expect(configuration.controlPorts == [
            ListenEndpoint(address: "127.0.0.1", port: .fixed(9051)),
            ListenEndpoint(address: "127.0.0.1", port: .fixed(9052)),
            ListenEndpoint(address: "127.0.0.1", port: .automatic),
            ListenEndpoint(address: "::1", port: .fixed(9053)),
        ])
    }

    @Test func zeroMeansNone() throws {
        #expect(try TorrcFixture.configuration("ControlPort 0").controlPorts.isEmpty)
    }

    @Test func zeroTogetherWithAPortIsAConflict() throws {
        #expect(try TorrcFixture.onlyError("CookieAuthentication 1\nControlPort 9051\nControlPort 0").code == .configConflict)
    }

    /// tor 0.4.9 rejects GroupWritable and the like on a TCP control port; so does this client.
    @Test(arguments: ["GroupWritable", "WorldWritable", "RelaxDirModeCheck", "Bogus"])
    func flagsAreErrors(_ flag: String) throws {
        let error = try TorrcFixture.onlyError("CookieAuthentication 1\nControlPort 9051 \(flag)")
        #expect(error.code == .configBadFlag)
        #expect(error.reason.hasPrefix("torrc:2: ControlPort \"\(flag)\": ControlPort takes no flags here"))
    }

    @Test func controlPortClashingWithSocksPortIsAnError() throws {
        let error = try TorrcFixture.onlyError("CookieAuthentication 1\nSocksPort 9050\nControlPort 127.0.0.1:9050")
        #expect(error.code == .configDuplicatePort)
        #expect(error.reason.hasPrefix("torrc:3: ControlPort \"127.0.0.1:9050\": the same address and port as SocksPort on line 2"))
    }

    @Test func openControlPortWithoutAuthenticationWarns() throws {
        let warnings = try TorrcFixture.warnings("ControlPort 9051")
        #expect(warnings.map(\.description) == [
            "torrc:1: ControlPort is open but neither CookieAuthentication nor HashedControlPassword is set, so any local program can control this client; set CookieAuthentication 1.",
        ])
        #expect(try TorrcFixture.warnings("ControlPort 9051\nHashedControlPassword \(hashedFoo)").isEmpty)
    }

    @Test func cookieFileDefaultsToTheDataDirectory() throws {
        let defaults = try TorrcFixture.configuration("")
        #expect(defaults.cookieAuthentication == false)
        #expect(defaults.cookieAuthFile == "/home/tester/.tor/control_auth_cookie")
        let moved = try TorrcFixture.configuration("DataDirectory /var/lib/client\nCookieAuthentication 1")
        #expect(moved.cookieAuthentication == true)
        #expect(moved.cookieAuthFile == "/var/lib/client/control_auth_cookie")
        let explicit = try TorrcFixture.configuration("CookieAuthFile ~/cookie\nDataDirectory /var/lib/client")
        #expect(explicit.cookieAuthFile == "/home/tester/cookie")
    }

    @Test func hashedPasswordFromTorHashPassword() throws {
        let passwords = try TorrcFixture.configuration(
            "HashedControlPassword \(hashedFoo)\nHashedControlPassword \(hashedFoo.lowercased())"
        ).hashedControlPasswords
        #expect(passwords.count == 2)
        let password = try #require(passwords.first)
        #expect(password.salt == [0xF0, 0x0F, 0x8C, 0x18, 0xF6, 0xE3, 0x17, 0x12])
        #expect(password.encodedCount == 0x60)
        #expect(password.hashedByteCount == 65_536)  // RFC 4880 §3.7.1.3 with c = 0x60
        #expect(password.digest.count == 20)
        #expect(password.description == hashedFoo)
        #expect(passwords[1] == password)
    }

    @Test(arguments: [
        "16:ABCD", "16:F00F8C18F6E31712605BC8E7A0E45F91117E83E04315BCA7689777D28C00",
        "17:F00F8C18F6E31712605BC8E7A0E45F91117E83E04315BCA7689777D28C",
        "16:G00F8C18F6E31712605BC8E7A0E45F91117E83E04315BCA7689777D28C", "password",
    ])
    func malformedHashedPasswords(_ value: String) throws {
        let error = try TorrcFixture.onlyError("HashedControlPassword \(value)")
        #expect(error.code == .configBadPassword)
        #expect(error.reason.hasSuffix("paste the last line that \"tor --hash-password YOUR-PASSWORD\" prints."))
    }
}
