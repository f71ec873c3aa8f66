import ControlPort
import Testing
import TorCore
@testable import TorClient

/// MapAddress lines and MAPADDRESS pairs, as C tor applies them to SOCKS requests.
@Suite struct AddressMapTests {
    static func torrc(_ lines: String) throws -> [AddressMapping] {
        try TorConfiguration.parse(text: lines, fileName: "torrc", homeDirectory: "/home/tester").0.addressMappings
    }

    static func pair(_ from: String, _ to: String) -> ControlAddressMapping { ControlAddressMapping(from: from, to: to) }

    /// MAPADDRESS's reply lines for `pairs` on `map`.
    static func lines(_ map: AddressMap, _ pairs: [ControlAddressMapping]) throws -> [String] {
        try map.map(pairs).map { "\($0.from)=\($0.to)" }
    }

    @Test func torrcLinesMapExactNamesAndWildcards() throws {
        let map = AddressMap(try Self.torrc("""
            MapAddress www.Example.com web.test
            MapAddress *.example.org *.example.net
            MapAddress *.example.info fixed.test
            """))
        #expect(map.rewrite("WWW.example.com") == "web.test")
        #expect(map.rewrite("a.b.example.org") == "a.b.example.net", "the matched prefix is kept")
        #expect(map.rewrite("example.org") == "example.net", "*.domain also matches the domain itself")
        #expect(map.rewrite("x.example.info") == "fixed.test")
        #expect(map.rewrite("other.test") == "other.test")
        #expect(map.rewrite("notexample.org") == "notexample.org", "a suffix must start at a label")
    }

    @Test func badMapAddressLinesAreRefusedWithTheirLine() throws {
        for (line, code) in [
            ("MapAddress onlyone", TorCoreError.Code.configBadValue), ("MapAddress a.test b.test c.test", .configBadValue),
            ("MapAddress bad/name b.test", .configBadAddress), ("MapAddress a.test *.b.test", .configBadValue),
        ] {
            let problems = try #require(throws: ConfigurationProblems.self) { try Self.torrc(line) }
            #expect(problems.errors.map(\.code) == [code], "\(line): \(problems.errors)")
            #expect(problems.errors.first?.reason.hasPrefix("torrc:1: MapAddress") == true)
        }
    }

    @Test func controllerMappingsWinAndFollowChainsWithoutLooping() throws {
        let map = AddressMap(try Self.torrc("MapAddress a.test from-torrc.test"))
        #expect(try Self.lines(map, [Self.pair("a.test", "b.test"), Self.pair("b.test", "c.test")]) == ["a.test=b.test", "b.test=c.test"])
        #expect(map.rewrite("a.test") == "c.test", "a chain is followed")
        _ = try Self.lines(map, [Self.pair("c.test", "a.test")])
        let looped = map.rewrite("a.test")
        #expect(["a.test", "b.test", "c.test"].contains(looped), "a loop stops after a bounded number of rewrites")
        _ = try Self.lines(map, [Self.pair("a.test", "a.test"), Self.pair("c.test", "c.test")])
        #expect(map.rewrite("a.test") == "from-torrc.test", "mapping an address to itself removes the controller's mapping")
        map.replaceTorrcMappings([])
        #expect(map.rewrite("b.test") == "c.test", "a reload replaces the torrc's mappings only")
        #expect(map.rewrite("a.test") == "a.test")
    }

    @Test func nullOriginalsGetVirtualAddressesReusedForTheSameTarget() throws {
        let map = AddressMap()
        let first = try #require(try Self.lines(map, [Self.pair("0.0.0.0", "hidden.test")]).first)
        let address = try #require(first.split(separator: "=").first.map(String.init))
        let ipv4 = try #require(IPv4Address(address))
        #expect(ipv4.rawValue >> 22 == IPv4Address(127, 192, 0, 0).rawValue >> 22, "\(address) is in 127.192.0.0/10")
        #expect(first == "\(address)=hidden.test")
        #expect(try Self.lines(map, [Self.pair("0.0.0.0", "hidden.test")]) == [first], "the same target gets the same address")
        #expect(map.rewrite(address) == "hidden.test")
        let name = try #require(try Self.lines(map, [Self.pair(".", "other.test")]).first)
        #expect(name.hasSuffix(".virtual=other.test") && name.count == 16 + ".virtual=other.test".count, "\(name)")
        #expect(map.controllerMappings.count == 2)
    }

    @Test func malformedPairsChangeNothing() throws {
        let map = AddressMap()
        for pairs in [[Self.pair("a.test", "b.test"), Self.pair("bad name", "c.test")], [Self.pair("a.test", "")], [Self.pair("::0", "v6.test")]] {
            let error = try #require(throws: TorClientError.self) { try map.map(pairs) }
            #expect(error.code == .controlBadArgument && error.reason.hasPrefix("syntax error"), "\(error)")
        }
        #expect(map.rewrite("a.test") == "a.test", "all or nothing")
        #expect(map.controllerMappings.isEmpty)
    }
}
