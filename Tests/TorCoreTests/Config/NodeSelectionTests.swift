import Testing
@testable import TorCore

/// ExitNodes, ExcludeNodes and the other NODE SELECTION OPTIONS of tor(1): the item forms C tor
/// reads, lines spliced together, and every bad item refused with its line.
@Suite("Node selection options")
struct NodeSelectionTests {
    static let hexA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    static let hexB = "0123456789abcdef0123456789ABCDEF01234567"
    static let identityA = RelayFingerprint(hex: hexA)!
    static let identityB = RelayFingerprint(hex: hexB)!
    static let address = IPv4Address(10, 1, 2, 3)

    @Test func readsEveryItemForm() throws {
        let configuration = try TorrcFixture.configuration(
            "ExitNodes $\(Self.hexA), \(Self.hexB)~Nick1 ,relay7,10.0.0.0/8,127.0.0.1,$\(Self.hexA)=other")
        #expect(configuration.nodes.exitNodes.map(\.kind) == [
            .fingerprint(Self.identityA, nickname: nil), .fingerprint(Self.identityB, nickname: "Nick1"), .nickname("relay7"),
            .network(IPv4Address(10, 0, 0, 0), prefixLength: 8), .network(IPv4Address(127, 0, 0, 1), prefixLength: 32),
            .fingerprint(Self.identityA, nickname: "other"),
        ])
        let shown = try #require(configuration.restartOnlyValues.first { $0.name == "ExitNodes" }).value
        #expect(shown == "$\(Self.hexA),$\(Self.hexB.uppercased())~Nick1,relay7,10.0.0.0/8,127.0.0.1,$\(Self.hexA)~other")
    }

    @Test func linesOfOneOptionAreSplicedAndOptionsStayApart() throws {
        let configuration = try TorrcFixture.configuration("""
            ExcludeNodes relay1
            ExcludeNodes relay2, relay3
            EntryNodes relay4
            MiddleNodes relay5
            ExcludeExitNodes relay6
            StrictNodes 1
            """)
        let nodes = configuration.nodes
        #expect(nodes.excludeNodes.map(\.description) == ["relay1", "relay2", "relay3"])
        #expect(nodes.entryNodes.map(\.description) == ["relay4"])
        #expect(nodes.middleNodes.map(\.description) == ["relay5"])
        #expect(nodes.excludeExitNodes.map(\.description) == ["relay6"])
        #expect(nodes.exitNodes.isEmpty && nodes.strictNodes && !nodes.isUnrestricted)
        #expect(try TorrcFixture.warnings("ExcludeNodes relay1\nExcludeNodes relay2").isEmpty, "a list option may repeat")
        #expect(try TorrcFixture.configuration("SocksPort 9100").nodes.isUnrestricted)
    }

    @Test func aCountryCodeIsKeptButWarnedAbout() throws {
        let (configuration, warnings) = try TorrcFixture.parse("ExitNodes {US},relay1")
        #expect(configuration.nodes.exitNodes.map(\.description) == ["{us}", "relay1"])
        #expect(warnings.map(\.description) == [
            "torrc:1: ExitNodes {us}: country codes need a GeoIP database, which this client does not have; it matches no relay.",
        ])
    }

    @Test(arguments: [
        "$\(hexA.dropLast())", "$nickname", "{usa}", "{u1}", "10.0.0.0/33", "300.1.1.1", "ThisNicknameIsMuchTooLong",
        "bad-name", "$\(hexA)~bad-name",
    ])
    func aBadItemIsRefusedWithItsLine(_ item: String) throws {
        let error = try TorrcFixture.onlyError("SocksPort 9100\nExcludeNodes relay1, \(item)")
        #expect(error.code == .configBadValue)
        #expect(error.reason.hasPrefix("torrc:2: ExcludeNodes \"\(item)\": not a relay fingerprint"), "\(error.reason)")
    }

    @Test func itemsMatchByIdentityNicknameAndAddress() {
        func matches(_ text: Substring, identity: RelayFingerprint = Self.identityA, nickname: String = "Relay1", address: IPv4Address = Self.address) -> Bool {
            RelaySpecifier(text)!.matches(identity: identity, nickname: nickname, address: address)
        }
        #expect(matches("$\(Self.hexA)"))
        #expect(!matches("$\(Self.hexA)", identity: Self.identityB))
        #expect(matches("\(Self.hexA)~relay1"), "nicknames compare without case")
        #expect(!matches("$\(Self.hexA)~relay2"), "a fingerprint with a nickname needs both")
        #expect(matches("RELAY1") && !matches("relay10"))
        #expect(matches("10.0.0.0/8") && matches("10.1.2.3") && !matches("10.1.2.4") && !matches("11.0.0.0/8"))
        #expect(matches("0.0.0.0/0"))
        #expect(!matches("{us}"), "no GeoIP database: a country code names no relay")
    }

    @Test func strictNodesIsABoolean() throws {
        let error = try TorrcFixture.onlyError("StrictNodes maybe")
        #expect(error.code == .configBadBoolean)
    }
}
