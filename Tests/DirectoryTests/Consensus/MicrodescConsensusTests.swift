import Testing
import TorCore
@testable import Directory

@Suite("Microdesc consensus parsing (dir-spec 3.4.1, 3.9.2)")
struct MicrodescConsensusTests {
    static func consensus() throws -> MicrodescConsensus {
        try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
    }

    @Test func readsThePreambleOfARealConsensus() throws {
        let consensus = try Self.consensus()
        #expect(consensus.consensusMethod == 35)
        #expect(consensus.validAfter == Fixtures.validAfter)
        #expect(consensus.freshUntil == Fixtures.freshUntil)
        #expect(consensus.validUntil == Fixtures.validUntil)
        #expect(consensus.votingDelay == VotingDelay(voteSeconds: 5, distributionSeconds: 5))
        // "client-versions " with nothing after it: an empty recommendation, not an absent one.
        #expect(consensus.clientVersions == [])
        #expect(consensus.serverVersions == [])
        #expect(consensus.knownFlags == [
            "Authority", "Exit", "Fast", "Guard", "HSDir", "NoEdConsensus", "Running", "Stable",
            "StaleDesc", "Sybil", "V2Dir", "Valid",
        ])
        #expect(consensus.knownFlags.allSatisfy { RouterFlags(name: $0) != nil })
        #expect(consensus.parameters.isEmpty)
        let required = try #require(consensus.requiredClientProtocols)
        #expect(required.description == "Cons=2 Desc=2 FlowCtrl=1 Link=4 Microdesc=2 Relay=2")
        #expect(required.supports("FlowCtrl", version: 1) && !required.supports("FlowCtrl", version: 2))
        #expect(consensus.recommendedRelayProtocols?.ranges(of: "Link") == [4...5])
        #expect(consensus.requiredRelayProtocols?.supports("LinkAuth", version: 3) == true)
        #expect(consensus.recommendedClientProtocols?.supports("HSIntro", version: 4) == true)
    }

    @Test func readsTheAuthoritySection() throws {
        let sources = try Self.consensus().directorySources
        #expect(sources.map(\.nickname) == ["auth2", "auth1", "auth3"])
        #expect(sources.map(\.identity.hex) == [Fixtures.auth2, Fixtures.auth1, Fixtures.auth3])
        #expect(sources[1].address == "127.0.0.1" && sources[1].hostname == "127.0.0.1")
        #expect(sources[1].dirPort == 26409 && sources[1].orPort == 22004)
        #expect(sources[1].contact == "torswift-testnet@localhost")
        #expect(sources[1].voteDigest.map(hex) == "fa0711fefed60e15b27c8e3a703361aef26feed5")
    }

    @Test func readsEveryRouterStatusEntry() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let routers = try Self.consensus().routers
        #expect(routers.map(\.nickname) == ["auth1", "exit1", "exit2", "auth3", "relay3", "relay1", "relay2", "auth2"])
        #expect(zip(routers, routers.dropFirst()).allSatisfy { $0.rsaIdentity.lexicographicallyPrecedes($1.rsaIdentity) })
        let auth1 = routers[0]
        // "r auth1 Gvx9yFmfKgx8Wif5z/2W+EFx6zY": base64 of auth1's RSA fingerprint.
        #expect(hex(auth1.rsaIdentity) == "1afc7dc8599f2a0c7c5a27f9cffd96f84171eb36")
        #expect(auth1.published == 2_145_916_800)  // 2038-01-01 00:00:00, as tor 0.4.9 writes it
        #expect(auth1.address == "127.0.0.1" && auth1.orPort == 22004 && auth1.dirPort == 26409)
        #expect(auth1.flags == [.authority, .fast, .guardFlag, .hsDir, .running, .stable, .v2Dir, .valid])
        #expect(auth1.flags.description == "Authority Fast Guard HSDir Running Stable V2Dir Valid")
        #expect(auth1.otherFlags.isEmpty)
        #expect(auth1.version == "Tor 0.4.9.11")
        #expect(auth1.protocols?.supports("Relay", version: 6) == true)
        #expect(auth1.protocols?.supports("Link", version: 2) == false)
        #expect(auth1.bandwidth == RouterBandwidth(bandwidth: 0, measured: nil, isUnmeasured: true))
        #expect(auth1.microdescriptorDigest.base64 == "9rL8Zw9MW3qihaO+QSlqcbKcXT5LYuMwV2Ztmsixigw")
        #expect(auth1.lineNumber == lineNumber(of: "r auth1", in: text))
        let exit1 = routers[1]
        #expect(exit1.flags.contains(.exit) && !exit1.flags.contains(.guardFlag))
        #expect(exit1.dirPort == 0)
        #expect(exit1.bandwidth == RouterBandwidth(bandwidth: 1000, measured: nil, isUnmeasured: false))
    }

    @Test func readsTheFooterAndTheSignedDigest() throws {
        let consensus = try Self.consensus()
        #expect(consensus.bandwidthWeights.count == 19)
        #expect(consensus.bandwidthWeights["Wgg"] == 5556 && consensus.bandwidthWeights["Wbe"] == 1663)
        #expect(consensus.signatures.map(\.algorithm) == [.sha256, .sha256, .sha256])
        #expect(consensus.signatures.map(\.identity.hex) == [Fixtures.auth2, Fixtures.auth1, Fixtures.auth3])
        #expect(consensus.signatures.map { hex($0.signingKeyDigest).uppercased() }
            == [Fixtures.auth2, Fixtures.auth1, Fixtures.auth3].map { Fixtures.signingKeyDigests[$0] })
        #expect(consensus.signatures.allSatisfy { $0.signature.count == 256 })
        #expect(consensus.signedDigests.keys.sorted { $0.rawValue < $1.rawValue } == [.sha256])
        #expect(consensus.signedDigests[.sha256].map(hex) == Fixtures.consensusSignedDigest)
    }

    @Test func keepsTheExactBytes() throws {
        let bytes = try Fixtures.bytes("consensus-microdesc")
        #expect(try MicrodescConsensus(parsing: bytes).bytes == bytes)
    }

    @Test func listsTheMicrodescriptorDigests() throws {
        let consensus = try Self.consensus()
        #expect(consensus.microdescriptorDigests.count == 8)
        #expect(consensus.microdescriptorDigests.contains { $0.base64 == "I7auwTcvX9FLOq5MLor5jxHiBo95NnsEcZOpLq2OKwQ" })
    }

    @Test func readsParametersAndSharedRandomValues() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let value = String(repeating: "A", count: 43) + "="
        let bytes = replacing(
            "known-flags ", with: "params CircPriorityHalflifeMsec=30000 bwweightscale=10000 cbttestfreq=-7\n"
                + "shared-rand-previous-value 3 \(value)\nknown-flags ", in: text
        )
        let consensus = try MicrodescConsensus(parsing: bytes)
        #expect(consensus.parameters == ["CircPriorityHalflifeMsec": 30000, "bwweightscale": 10000, "cbttestfreq": -7])
        #expect(consensus.parameter("bwweightscale", default: 1, minimum: 1, maximum: 5000) == 5000)
        #expect(consensus.parameter("absent", default: 42, minimum: 1, maximum: 100) == 42)
        #expect(consensus.sharedRandomPrevious == SharedRandomValue(revealCount: 3, value: [UInt8](repeating: 0, count: 32)))
        #expect(consensus.sharedRandomCurrent == nil)
    }

    /// Real consensuses name congestion control parameters with underscores (prop 324 6.5), and
    /// an authority with `ConsensusParams cc_alg=0` publishes exactly this line.
    @Test func readsParameterNamesWithUnderscores() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let bytes = replacing(
            "known-flags ", with: "params cc_alg=0 cc_sendme_inc=31 sendme_emit_min_version=1\nknown-flags ", in: text)
        let consensus = try MicrodescConsensus(parsing: bytes)
        #expect(consensus.parameters == ["cc_alg": 0, "cc_sendme_inc": 31, "sendme_emit_min_version": 1])
    }

    @Test func keepsFlagsItDoesNotKnow() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let bytes = replacing("s Exit Fast HSDir Running V2Dir Valid",
                              with: "s Exit Fast HSDir Running V2Dir Valid Zeta", in: text)
        let exit1 = try MicrodescConsensus(parsing: bytes).routers[1]
        #expect(exit1.otherFlags == ["Zeta"])
        #expect(exit1.flags.contains(.valid))
    }
}

extension SharedRandomValue {
    init(revealCount: Int, value: [UInt8]) {
        let item = DocumentItem(
            keyword: "shared-rand-current-value",
            arguments: [String(revealCount), DirectoryBase64.encode(value, padded: true)],
            object: nil, lineNumber: 1, byteRange: 0..<0, keywordLineEnd: 0
        )
        self = try! SharedRandomValue(item: item)
    }
}
