import Testing
import TorCore
@testable import Directory

/// Which authorities sign, and what a torrc gives the bootstrapper.
@Suite("Bootstrap configuration")
struct BootstrapConfigurationTests {
    @Test func defaultTorrcUsesTheNineCompiledInAuthorities() {
        let configuration = BootstrapConfiguration(TorConfiguration.defaults(homeDirectory: "/home/user"))
        #expect(configuration.signingAuthorities.count == 9)
        #expect(configuration.signingAuthorities.first?.hex == "F533C81CEF0BC0267857C99B2F471ADF249FA232")
        #expect(configuration.dataDirectory == "/home/user/.tor")
        #expect(configuration.fallbacks.isEmpty)
    }

    @Test func signersExcludeBridgeAuthoritiesAuthoritiesWithoutV3IdentAndRepeats() throws {
        var authorities = try BootstrapFixtures.authorities()
        var bridge = authorities[0]
        bridge.isBridgeAuthority = true
        bridge.v3Identity = RelayFingerprint(hex: String(repeating: "9", count: 40))
        var noV3 = authorities[1]
        noV3.v3Identity = nil
        authorities += [authorities[2], bridge, noV3]
        let configuration = BootstrapConfiguration(authorities: authorities, dataDirectory: nil)
        #expect(configuration.signingAuthorities.map(\.hex) == [Fixtures.auth1, Fixtures.auth2, Fixtures.auth3])
    }

    @Test func authoritySourcesAreNamedByRelayIdentityAndCachesRedacted() throws {
        let authority = try BootstrapFixtures.authorities()[0]
        let server = DirectoryServer(authority: authority)
        #expect(server.key == BootstrapFixtures.authorityKey(0))
        #expect(server.dirPort == 7000 && server.orPort == 5000)
        #expect(server.hostHeader == "127.0.0.1:7000")
        #expect(server.description == "authority auth1 $\(BootstrapFixtures.authorityKey(0))")
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        let cache = DirectoryServer(cache: consensus.routers[0])
        #expect(cache.role == .cache)
        // The fingerprint goes through Redacted (SafeLogging is process-wide and other suites
        // toggle it, so only what never depends on it is checked); the address never appears.
        #expect(cache.description.hasPrefix("cache "))
        #expect(!cache.description.contains(cache.address))
    }
}
