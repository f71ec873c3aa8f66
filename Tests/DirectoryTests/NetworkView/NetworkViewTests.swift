import Foundation
import Testing
import TorCore
@testable import Directory

/// The network view over the real private-network consensus and microdescriptors. Expected
/// identities and keys were decoded from the fixture files with Python's base64 and hashlib,
/// independently of this module.
@Suite("Network view (dir-spec 3.4.1 joined with 3.3)")
struct NetworkViewTests {
    @Test func joinsEveryConsensusEntryWithItsMicrodescriptor() throws {
        let view = try NetworkFixtures.realView()
        #expect(view.relays.count == 8)
        #expect(view.relaysWithoutMicrodescriptor.isEmpty)
        #expect(view.missingMicrodescriptorDigests.isEmpty)
        // Consensus order: ascending RSA identity.
        #expect(view.relays.map(\.nickname) == ["auth1", "exit1", "exit2", "auth3", "relay3", "relay1", "relay2", "auth2"])
        #expect(view.validAfter == Fixtures.validAfter && view.freshUntil == Fixtures.freshUntil && view.validUntil == Fixtures.validUntil)
        #expect(view.isLive(atUnixTime: Fixtures.now) && !view.isLive(atUnixTime: Fixtures.validUntil + 1))

        let relay1 = try NetworkFixtures.relay("relay1", in: view)
        #expect(relay1.rsaIdentity.description == "9E0A44B2BC573848D8D6F9B09B95CA0A6F233887")
        #expect(relay1.ed25519Identity.map(hex) == "07edf73f1e2679208901a40d817d3288bb7862190401951db50e84debcb369cb")
        #expect(hex(relay1.ntorOnionKey).hasPrefix("4682c2a64f67d1f0"))
        #expect(relay1.address == IPv4Address(127, 0, 0, 1) && relay1.orPort == 16012 && relay1.dirPort == 0)
        #expect(relay1.flags == [.fast, .guardFlag, .hsDir, .running, .stable, .v2Dir, .valid])
        #expect(relay1.bandwidth == 1000)
        #expect(relay1.protocols?.supports("Link", version: 5) == true)
        #expect(relay1.exitPolicy == .rejectAll && !relay1.isExit)
        #expect(relay1.description == "$9E0A44B2BC573848D8D6F9B09B95CA0A6F233887~relay1")

        let exit1 = try NetworkFixtures.relay("exit1", in: view)
        #expect(exit1.isExit && exit1.allowsExit(toPort: 80) && exit1.allowsExit(toPort: 65535))
        let auth1 = try NetworkFixtures.relay("auth1", in: view)
        #expect(auth1.bandwidth == 0 && auth1.dirPort == 26409)
    }

    @Test func looksRelaysUpByEitherIdentity() throws {
        let view = try NetworkFixtures.realView()
        let exit2 = try #require(RelayFingerprint(hex: "52F7631D8AA663D8677E6295D838D1E2B97C957A"))
        #expect(view.relay(rsaIdentity: exit2)?.nickname == "exit2")
        let ed = try #require(DirectoryHex.decode("184325b07213deeec4c6738f3955a4387d52108ef46171b7246587169d8d6a3b"))
        #expect(view.relay(ed25519Identity: ed)?.nickname == "exit2")
        #expect(view.relay(rsaIdentity: NetworkFixtures.fingerprint(7)) == nil)
        #expect(view.relay(ed25519Identity: [UInt8](repeating: 0, count: 32)) == nil)
    }

    @Test func keepsTheWeightsAndParameters() throws {
        let view = try NetworkFixtures.realView()
        #expect(view.bandwidthWeights.scale == 10_000)
        #expect(view.bandwidthWeights["Wgg"] == 5556 && view.bandwidthWeights["Wme"] == 1663 && view.bandwidthWeights["Wbd"] == 3333)
        #expect(view.parameters.isEmpty)
        #expect(view.parameter("guard-n-primary-guards", default: 3, minimum: 1, maximum: .max) == 3)
    }

    @Test func setsAsideEntriesWhoseMicrodescriptorIsMissing() throws {
        var descriptors = try NetworkFixtures.microdescriptors()
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        let exit1 = try #require(consensus.routers.first { $0.nickname == "exit1" })
        descriptors[exit1.microdescriptorDigest] = nil
        let view = try NetworkFixtures.view(consensusText: Fixtures.text("consensus-microdesc"), microdescriptors: descriptors)
        #expect(view.relays.count == 7)
        #expect(view.relaysWithoutMicrodescriptor.map(\.nickname) == ["exit1"])
        #expect(view.missingMicrodescriptorDigests == [exit1.microdescriptorDigest])
        let identity = try #require(RelayFingerprint(hex: "207F13B221B48115DBC5EBC18E01AF272303985D"))
        #expect(view.relay(rsaIdentity: identity) == nil)
        #expect(view.listedFlags(rsaIdentity: identity) == [.exit, .fast, .hsDir, .running, .v2Dir, .valid])
    }

    @Test func ignoresAMicrodescriptorFiledUnderAnotherDigest() throws {
        var descriptors = try NetworkFixtures.microdescriptors()
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        let exit1 = try #require(consensus.routers.first { $0.nickname == "exit1" })
        let exit2 = try #require(consensus.routers.first { $0.nickname == "exit2" })
        descriptors[exit1.microdescriptorDigest] = descriptors[exit2.microdescriptorDigest]
        let view = try NetworkFixtures.view(consensusText: Fixtures.text("consensus-microdesc"), microdescriptors: descriptors)
        #expect(view.relaysWithoutMicrodescriptor.map(\.nickname) == ["exit1"])
    }

    @Test func dropsTheEd25519KeyOfANoEdConsensusEntry() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let edited = String(decoding: replacing(
            "s Exit Fast HSDir Running Stable V2Dir Valid", with: "s Exit Fast HSDir NoEdConsensus Running Stable V2Dir Valid", in: text),
            as: UTF8.self)
        let view = try NetworkFixtures.view(consensusText: edited, microdescriptors: NetworkFixtures.microdescriptors())
        let exit2 = try NetworkFixtures.relay("exit2", in: view)
        #expect(exit2.flags.contains(.noEdConsensus) && exit2.ed25519Identity == nil)
        #expect(try NetworkFixtures.relay("exit1", in: view).ed25519Identity != nil)
    }

    @Test func readsFamilyFingerprintsButNotNicknames() throws {
        let view = try NetworkFixtures.realView(editingMicrodescriptorsOf: ["relay1": { text in
            text.replacingOccurrences(of: "id ed25519", with: "family $A8CED02BBB8B95BD01205E250DBAFA030499D4A6 "
                + "$89899EDA5D4BC0ABA962467649B3F4AE620E4C0B~relay3 relay2\nfamily-ids ed25519:abc\nid ed25519")
        }])
        let relay1 = try NetworkFixtures.relay("relay1", in: view)
        #expect(relay1.family.map(\.description).sorted() == [
            "89899EDA5D4BC0ABA962467649B3F4AE620E4C0B", "A8CED02BBB8B95BD01205E250DBAFA030499D4A6",
        ])
        #expect(relay1.familyIdentities == ["ed25519:abc"])
    }

    @Test func aStoreNeverGoesBackToAnOlderView() async throws {
        let view = try NetworkFixtures.realView()
        let older = NetworkView(relays: [], bandwidthWeights: .unweighted, validAfter: view.validAfter - 3600,
                                freshUntil: view.freshUntil - 3600, validUntil: view.validUntil - 3600)
        let store = NetworkViewStore()
        #expect(await store.current == nil)
        #expect(await store.replace(with: view))
        #expect(await !store.replace(with: older))
        #expect(await store.current?.relays.count == 8)
        let sameConsensusFewerRelays = NetworkView(relays: Array(view.relays.prefix(2)), bandwidthWeights: view.bandwidthWeights,
                                                   validAfter: view.validAfter, freshUntil: view.freshUntil, validUntil: view.validUntil)
        #expect(await store.replace(with: sameConsensusFewerRelays))
        #expect(await store.current?.relays.count == 2)
    }
}
