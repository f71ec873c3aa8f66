import Testing
@testable import TorCore

/// The compiled-in authorities: tor 0.4.9.11's DirAuthority lines, read by the torrc parser.
@Suite struct DefaultAuthoritiesTests {
    @Test func everyLineParses() {
        #expect(DefaultAuthorities.all.count == DefaultAuthorities.lines.count)
        #expect(DefaultAuthorities.all.count == 9)
    }

    @Test func allAreV3AuthoritiesWithDistinctIdentities() throws {
        for authority in DefaultAuthorities.all {
            let v3Identity = try #require(authority.v3Identity, "\(authority.nickname ?? "?") has no v3ident")
            #expect(v3Identity.bytes.count == 20)
            #expect(v3Identity.description.count == 40)
            #expect(!authority.isBridgeAuthority)
            #expect(authority.orPort != nil)
        }
        #expect(Set(DefaultAuthorities.all.compactMap(\.v3Identity)).count == 9)
        #expect(Set(DefaultAuthorities.all.map(\.fingerprint)).count == 9)
    }

    @Test func namesMatchTor() {
        #expect(DefaultAuthorities.all.compactMap(\.nickname) == [
            "moria1", "tor26", "dizum", "gabelmoo", "dannenberg", "maatuska", "longclaw", "bastet", "faravahar",
        ])
    }

    /// Spot checks against the strings in the tor 0.4.9.11 binary.
    @Test func moria1AndTor26() throws {
        let moria1 = DefaultAuthorities.all[0]
        #expect(moria1.address == "128.31.0.39")
        #expect(moria1.directoryPort == 9231)
        #expect(moria1.orPort == 9201)
        #expect(moria1.v3Identity?.description == "F533C81CEF0BC0267857C99B2F471ADF249FA232")
        #expect(moria1.fingerprint.description == "1A25C6358DB91342AA51720A5038B72742732498")
        let tor26 = DefaultAuthorities.all[1]
        #expect(tor26.ipv6Address == RelayAddress(address: "2a02:16a8:662:2203::1", port: 443))
        #expect(tor26.fingerprint.description == "FAA4BCA4A6AC0FB4CA2F8AD5A11D9E122BA894F6")
    }

    @Test func bridgeAuthorityIsLeftOut() {
        #expect(!DefaultAuthorities.lines.contains { $0.contains(" bridge ") })
    }
}
