import SocksServer
import Testing
import TorCore
@testable import TorClient

/// What decides whether two streams may share a circuit (tor(1) SocksPort isolation flags).
@Suite struct StreamIsolationKeyTests {
    /// A stream with every value given and only what the test changes differing.
    static func key(
        rules: IsolationRules = IsolationRules(), group: SessionGroup = .listener(0),
        version: SocksVersion = .socks5, username: String? = nil, password: String? = nil,
        host: String = "example.com", port: UInt16 = 443, client: String = "127.0.0.1", clientPort: UInt16 = 40000
    ) -> StreamIsolationKey {
        StreamIsolationKey(
            rules: rules, sessionGroup: group, socksVersion: version,
            username: username.map { Array($0.utf8) }, password: password.map { Array($0.utf8) },
            destinationHost: host, destinationPort: port, clientAddress: client, clientPort: clientPort)
    }

    static let none = IsolationRules(
        socksAuthentication: false, destinationAddress: false, destinationPort: false,
        clientAddress: false, clientPort: false, clientProtocol: false)

    @Test func withNoRuleOnlyTheSessionGroupSeparatesStreams() {
        let first = Self.key(rules: Self.none, version: .socks4, username: "a", host: "a.example", port: 80, client: "10.0.0.1", clientPort: 1)
        let second = Self.key(rules: Self.none, version: .socks5, username: "b", host: "b.example", port: 443, client: "10.0.0.2", clientPort: 2)
        #expect(first == second)
        #expect(first.allowsSharing(with: second))
        #expect(first != Self.key(rules: Self.none, group: .listener(1)))
        #expect(Self.key(rules: Self.none, group: .configured(1)) != Self.key(rules: Self.none, group: .listener(1)))
        #expect(Self.key(rules: Self.none, group: .configured(7)) == Self.key(rules: Self.none, group: .configured(7)))
    }

    @Test func eachRuleSeparatesOnlyItsOwnProperty() {
        var rules = Self.none
        rules.destinationPort = true
        #expect(Self.key(rules: rules, port: 80) != Self.key(rules: rules, port: 443))
        #expect(Self.key(rules: rules, host: "a.example") == Self.key(rules: rules, host: "b.example"))

        rules = Self.none
        rules.destinationAddress = true
        #expect(Self.key(rules: rules, host: "a.example") != Self.key(rules: rules, host: "b.example"))
        #expect(Self.key(rules: rules, port: 80) == Self.key(rules: rules, port: 443))

        rules = Self.none
        rules.clientAddress = true
        #expect(Self.key(rules: rules, client: "10.0.0.1") != Self.key(rules: rules, client: "10.0.0.2"))
        #expect(Self.key(rules: rules, clientPort: 1) == Self.key(rules: rules, clientPort: 2))

        rules = Self.none
        rules.clientPort = true
        #expect(Self.key(rules: rules, clientPort: 1) != Self.key(rules: rules, clientPort: 2))
        #expect(Self.key(rules: rules, client: "10.0.0.1") == Self.key(rules: rules, client: "10.0.0.2"))

        rules = Self.none
        rules.clientProtocol = true
        #expect(Self.key(rules: rules, version: .socks4) != Self.key(rules: rules, version: .socks4a))
        #expect(Self.key(rules: rules, version: .socks4a) != Self.key(rules: rules, version: .socks5))
        #expect(Self.key(rules: rules, username: "a") == Self.key(rules: rules, username: "b"))

        rules = Self.none
        rules.socksAuthentication = true
        #expect(Self.key(rules: rules, username: "a") != Self.key(rules: rules, username: "b"))
        #expect(Self.key(rules: rules, username: "a", password: "x") != Self.key(rules: rules, username: "a", password: "y"))
        #expect(Self.key(rules: rules, username: "a", password: "x") == Self.key(rules: rules, username: "a", password: "x"))
        #expect(Self.key(rules: rules, port: 80) == Self.key(rules: rules, port: 443))
    }

    @Test func emptyCredentialsCountAsNoneButAnyByteCounts() {
        let rules = IsolationRules()
        #expect(Self.key(rules: rules, username: "", password: "") == Self.key(rules: rules))
        #expect(Self.key(rules: rules, username: "", password: "") .username == nil)
        #expect(Self.key(rules: rules, username: "", password: "p") != Self.key(rules: rules))
        #expect(Self.key(rules: rules, username: "u") != Self.key(rules: rules))
    }

    @Test func hostnamesCompareCaseInsensitively() {
        var rules = Self.none
        rules.destinationAddress = true
        #expect(Self.key(rules: rules, host: "Example.COM") == Self.key(rules: rules, host: "example.com"))
    }

    /// A stream that isolates by credentials must not join a circuit whose first stream did not
    /// isolate: that circuit may carry streams with any credentials.
    @Test func theRulesThemselvesArePartOfTheKey() {
        var isolating = Self.none
        isolating.socksAuthentication = true
        #expect(Self.key(rules: isolating) != Self.key(rules: Self.none))
        #expect(Self.key(rules: isolating).username == nil)
        #expect(Self.key(rules: Self.none, username: "u").username == nil)
    }

    @Test func rulesComeFromThePortFlagsElseTheTorrcWideDefaults() {
        var settings = ReloadableSettings()
        let defaults = IsolationRules(port: StreamIsolationFlags(), settings: settings)
        #expect(defaults == IsolationRules())
        #expect(defaults.clientAddress && defaults.socksAuthentication)
        #expect(!defaults.destinationAddress && !defaults.destinationPort && !defaults.clientPort && !defaults.clientProtocol)

        settings.isolateDestinations = true
        settings.isolateSOCKSAuth = false
        settings.isolateClientPort = true
        settings.isolateClientProtocol = true
        let global = IsolationRules(port: StreamIsolationFlags(), settings: settings)
        #expect(global == IsolationRules(
            socksAuthentication: false, destinationAddress: true, destinationPort: true,
            clientAddress: true, clientPort: true, clientProtocol: true))

        let flags = StreamIsolationFlags(
            clientAddress: false, socksAuthentication: true, clientProtocol: false, destinationPort: false)
        let overridden = IsolationRules(port: flags, settings: settings)
        #expect(overridden == IsolationRules(
            socksAuthentication: true, destinationAddress: true, destinationPort: false,
            clientAddress: false, clientPort: true, clientProtocol: false))
    }

    /// A reload changes the rules new keys are made with; keys made before keep theirs, so
    /// streams made under the old rules never match new ones by accident.
    @Test func aReloadChangesTheKeysOfNewStreamsOnly() {
        var settings = ReloadableSettings()
        let before = Self.key(rules: IsolationRules(port: StreamIsolationFlags(), settings: settings), port: 80)
        settings.isolateDestinations = true
        let after = Self.key(rules: IsolationRules(port: StreamIsolationFlags(), settings: settings), port: 80)
        #expect(before.destinationPort == nil)
        #expect(after.destinationPort == 80)
        #expect(before != after)
    }

    @Test func sessionGroupsFollowTheSocksPortLines() throws {
        let (configuration, _) = try TorConfiguration.parse(
            text: "SocksPort 9050\nSocksPort 9150 SessionGroup=3\nSocksPort 9250 SessionGroup=3\nSocksPort 9350\n",
            fileName: "torrc")
        let groups = configuration.socksPorts.enumerated().map { SessionGroup(port: $1, index: $0) }
        #expect(groups == [.listener(0), .configured(3), .configured(3), .listener(3)])
    }

    @Test func aSocksRequestGivesTheSameKeyAsItsPlainValues() {
        let rules = IsolationRules(
            socksAuthentication: true, destinationAddress: true, destinationPort: true,
            clientAddress: true, clientPort: true, clientProtocol: true)
        let request = SocksRequest(
            version: .socks4a, command: .connect, target: .hostname("Onion.Example"), port: 8080,
            credentials: SocksCredentials(username: Array("user".utf8)))
        let fromRequest = StreamIsolationKey(
            request: request, rules: rules, sessionGroup: .configured(2), clientAddress: "10.1.2.3", clientPort: 5555)
        let plain = Self.key(
            rules: rules, group: .configured(2), version: .socks4a, username: "user", password: "",
            host: "onion.example", port: 8080, client: "10.1.2.3", clientPort: 5555)
        #expect(fromRequest == plain)
    }

    @Test func theDescriptionScrubsValuesAndNeverShowsThePassword() {
        let rules = IsolationRules(
            socksAuthentication: true, destinationAddress: true, destinationPort: true,
            clientAddress: true, clientPort: false, clientProtocol: false)
        let text = Self.key(rules: rules, username: "alice", password: "secret", host: "hidden.example", client: "10.9.9.9").description
        #expect(!text.contains("alice"))
        #expect(!text.contains("secret"))
        #expect(!text.contains("hidden.example"))
        #expect(!text.contains("10.9.9.9"))
        #expect(text.contains("port=443"))
    }
}

/// The per-listener helper the SOCKS glue uses: flags and group fixed, settings per stream.
@Suite struct SocksListenerIsolationTests {
    static let request = SocksRequest(
        version: .socks5, command: .connect, target: .hostname("example.com"), port: 443,
        credentials: SocksCredentials(username: Array("u".utf8), password: Array("p".utf8)))

    @Test func aReloadChangesTheKeysOfLaterStreamsFromTheSameListener() throws {
        let (configuration, _) = try TorConfiguration.parse(
            text: "SocksPort 9050 IsolateDestPort\nSocksPort 9150 SessionGroup=4 NoIsolateSOCKSAuth\n", fileName: "torrc")
        let first = SocksListenerIsolation(port: configuration.socksPorts[0], index: 0)
        let second = SocksListenerIsolation(port: configuration.socksPorts[1], index: 1)
        var settings = ReloadableSettings()

        let keyA = first.key(for: Self.request, clientAddress: "127.0.0.1", clientPort: 1234, settings: settings)
        #expect(keyA.sessionGroup == .listener(0))
        #expect(keyA.destinationPort == 443)
        #expect(keyA.destinationHost == nil)
        #expect(keyA.username == Array("u".utf8))

        let keyB = second.key(for: Self.request, clientAddress: "127.0.0.1", clientPort: 1234, settings: settings)
        #expect(keyB.sessionGroup == .configured(4))
        #expect(keyB.username == nil, "NoIsolateSOCKSAuth on the line")

        settings.isolateDestinations = true
        settings.isolateClientPort = true
        let later = first.key(for: Self.request, clientAddress: "127.0.0.1", clientPort: 1234, settings: settings)
        #expect(later.destinationHost == "example.com")
        #expect(later.clientPort == 1234)
        #expect(later != keyA)
    }
}
