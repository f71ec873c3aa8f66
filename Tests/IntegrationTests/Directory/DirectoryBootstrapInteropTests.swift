import Circuit
import Directory
import Foundation
import NIOCore
import NIOPosix
import Testing
import TorCore

/// Bootstrapping from real tor 0.4.9 authorities and relays on the private network: over
/// DirPort and over BEGIN_DIR, with a source down. (Warm restarts and circuits from the
/// verified view: DirectoryPathsInteropTests.)
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DirectoryBootstrapInteropTests {
    @Test func coldBootstrapOverDirPortGetsAVerifiedConsensusAndEveryMicrodescriptor() async throws {
        let network = try await TestNetwork.shared()
        let dataDirectory = try DirectoryBootstrapHarness.dataDirectory()
        let configuration = try DirectoryBootstrapHarness.configuration(network, dataDirectory: dataDirectory)
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(configuration, transport: DirPortTransport())
        let result = try await bootstrapper.bootstrap()
        #expect(result.consensus.signers.count >= 2)
        #expect(Set(result.consensus.consensus.routers.map { Hex.encode($0.rsaIdentity) })
            == Set(network.relays.map(\.rsaFingerprint)))
        #expect(result.microdescriptors.count == network.relays.count)
        #expect(result.missingMicrodescriptors.isEmpty)
        let counters = await bootstrapper.counters
        #expect(counters.consensusDownloads == 1)
        #expect(counters.certificateDownloads == 1)
        #expect(counters.microdescriptorsFetched == network.relays.count)
        #expect(counters.documentsRejected == 0)
        for name in [DirectoryCache.certificatesFileName, DirectoryCache.consensusFileName, DirectoryCache.microdescriptorsFileName] {
            #expect(FileManager.default.fileExists(atPath: dataDirectory + "/" + name), "\(name) was not written")
        }
        // Our cache holds what tor serves, byte for byte.
        let cached = try Data(contentsOf: URL(fileURLWithPath: dataDirectory + "/" + DirectoryCache.consensusFileName))
        #expect(Array(cached) == result.consensus.consensus.bytes)
    }

    @Test func unreachableAuthorityDirPortIsSkippedAndItsBreakerOpens() async throws {
        let network = try await TestNetwork.shared()
        var authorities = try DirectoryBootstrapHarness.authorities(network)
        authorities[0].directoryPort = try DirectoryBootstrapHarness.closedPort()
        let dead = DirectoryServer(authority: authorities[0]).key
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory(), authorities: authorities,
            breakerPolicy: CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(600)))
        let transport = TamperingTransport(base: DirPortTransport()) { _, _, body in body }
        // The first source of each tier is chosen, so the dead authority is tried first.
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(configuration, transport: transport, random: FirstChoiceRandom())
        let result = try await bootstrapper.bootstrap()
        #expect(result.microdescriptors.count == network.relays.count)
        #expect(transport.requests.first?.server == dead)
        #expect(transport.requests.filter { $0.server == dead }.count == 1)
        #expect(await bootstrapper.breakers.isOpen(dead))
        #expect(await bootstrapper.counters.fetchFailures == 1)
    }

    @Test func coldBootstrapOverBeginDirReportsCTorsPhases() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let beginDir = DirectoryBootstrapHarness.beginDirTransport()
        let transport = TamperingTransport(base: beginDir) { _, _, body in body }
        let progress = BootstrapProgress()
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(configuration, transport: transport, progress: progress)
        let result = try await bootstrapper.bootstrap()
        await beginDir.close()
        #expect(result.microdescriptors.count == network.relays.count)
        #expect(await bootstrapper.counters.fetchFailures == 0)
        // The phases tor 0.4.9.11 itself logs on a cold start against this network, up to 75%.
        #expect(progress.history.filter { $0.severity == .notice }.map(\.phase.tag) == [
            "starting", "conn", "handshake_done", "onehop_create", "requesting_status", "loading_status",
            "loading_keys", "requesting_descriptors", "loading_descriptors", "enough_dirinfo",
        ])
        // Microdescriptors came from relays (directory caches), not from the authorities.
        let authorityKeys = Set(network.authorities.map(\.rsaFingerprint))
        #expect(transport.requests.filter { $0.purpose == .microdescriptors }.allSatisfy { !authorityKeys.contains($0.server) })
    }

    @Test func beginDirFallsBackToTheDirPortWhenTheORPortIsClosed() async throws {
        let network = try await TestNetwork.shared()
        var authorities = try DirectoryBootstrapHarness.authorities(network)
        authorities[0].orPort = try DirectoryBootstrapHarness.closedPort()
        let beginDir = DirectoryBootstrapHarness.beginDirTransport()
        let primary = TamperingTransport(base: beginDir) { _, _, body in body }
        let fallback = TamperingTransport(base: DirPortTransport()) { _, _, body in body }
        let configuration = try DirectoryBootstrapHarness.configuration(network, dataDirectory: nil, authorities: authorities)
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(
            configuration, transport: FallbackDirectoryTransport(primary: primary, fallback: fallback), random: FirstChoiceRandom())
        let result = try await bootstrapper.bootstrap()
        await beginDir.close()
        #expect(result.microdescriptors.count == network.relays.count)
        let first = DirectoryServer(authority: authorities[0]).key
        #expect(primary.requests.first?.server == first)
        #expect(fallback.requests.first?.server == first)
        #expect(fallback.requests.first?.purpose == .consensus)
        #expect(await bootstrapper.counters.fetchFailures == 0)
    }
}
