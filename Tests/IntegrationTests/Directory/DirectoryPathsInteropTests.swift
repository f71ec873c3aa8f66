import Circuit
import Directory
import Foundation
import Testing
import TorClient
import TorCore

/// The verified directory feeding circuit building, against real tor 0.4.9 relays: a cold
/// bootstrap from an empty DataDirectory, a warm restart with no consensus download, a cold
/// bootstrap with one authority's process stopped, and a scheduled refresh that swaps in a
/// newer consensus.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct DirectoryPathsInteropTests {
    @Test func coldBootstrapThenCircuitsComeOnlyFromTheVerifiedView() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let stack = try PathsStack.make(configuration)
        defer { Task { await stack.close() } }
        #expect(await stack.service.store.current == nil)
        let view = try await stack.service.bootstrap()
        #expect(view.relays.count == network.relays.count)
        let status = await stack.service.status()
        #expect(status.consensusDownloads == 1)
        #expect(status.counters.consensusCacheHits == 0)
        #expect(status.validAfter == view.validAfter)

        let port = UInt16(network.http.port)
        let toPort = try await stack.source.buildCircuit(exitPort: port)
        #expect(toPort.allowsExit(toPort: port))
        try await stack.expectVerifiedCircuit(toPort, network: network)
        toPort.handle.close()

        let predicted = try await stack.source.buildCircuit(exitPort: nil)
        #expect(predicted.allowsExit(toPort: 443) && predicted.allowsExit(toPort: 80))
        try await stack.expectVerifiedCircuit(predicted, network: network)
        predicted.handle.close()
        #expect(stack.progress.percentage == 100)
    }

    @Test func warmRestartBuildsACircuitWithoutAConsensusDownload() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        let cold = try PathsStack.make(configuration)
        try await cold.service.bootstrap()
        let first = try await cold.source.buildCircuit(exitPort: UInt16(network.http.port))
        first.handle.close()
        await cold.close()
        #expect(await cold.service.status().consensusDownloads == 1)
        let coldGuards = await cold.guards.sampledGuards.map(\.identity)

        // A new process: new bootstrapper, guard manager and circuit source on the same DataDirectory.
        let recorder = BootstrapLogRecorder()
        let transport = TamperingTransport(base: FallbackDirectoryTransport.standard()) { _, _, body in body }
        let warm = try PathsStack.make(configuration, transport: transport, logger: recorder.logger)
        defer { Task { await warm.close() } }
        try await warm.service.bootstrap()
        let status = await warm.service.status()
        #expect(status.consensusDownloads == 0)
        #expect(status.counters.microdescriptorDownloads == 0)
        #expect(status.counters.consensusCacheHits == 1)
        #expect(transport.requests.isEmpty)
        #expect(await warm.guards.sampledGuards.map(\.identity) == coldGuards, "the guard state file was not reloaded")

        let built = try await warm.source.buildCircuit(exitPort: UInt16(network.http.port))
        try await warm.expectVerifiedCircuit(built, network: network)
        built.handle.close()
        #expect(warm.progress.percentage == 100)
        #expect(recorder.lines.contains("notice Bootstrapped 100% (done): Done"))
        #expect(recorder.lines.contains { $0.contains("no consensus download needed") })
        #expect(warm.progress.controlStatus == "NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"")
    }

    @Test func coldBootstrapWithAnAuthorityProcessStoppedCompletesAndOpensItsBreaker() async throws {
        let network = try await TestNetwork.startDedicated()
        do {
            try await stoppedAuthorityScenario(network)
        } catch {
            try? await TestNetwork.stop(network)
            throw error
        }
        try await TestNetwork.stop(network)
    }

    /// One authority of `network` (a dedicated one) stopped, then a cold bootstrap and a circuit.
    private func stoppedAuthorityScenario(_ network: TestNetworkInfo) async throws {
        // The process of the first DirAuthority line; the bootstrapper keys a source's breaker
        // by its RSA identity in hex.
        let authorities = try DirectoryBootstrapHarness.authorities(network)
        let stoppedKey = DirectoryServer(authority: authorities[0]).key
        let stopped = try #require(network.authorities.first { $0.rsaFingerprint == stoppedKey })
        try await network.stopAuthority(stopped)
        #expect(!stopped.isRunning)

        // A guard state from an earlier run: the stopped authority is the first confirmed guard,
        // a middle relay the second, so the stopped one is the primary guard tried first.
        let dataDirectory = try DirectoryBootstrapHarness.dataDirectory()
        let fallbackGuard = try #require(network.relays.first { !$0.isAuthority && !$0.isExit && $0.isGuard })
        let earlier = Int64(Date().timeIntervalSince1970) - 86_400
        let state = GuardStateFile(guards: try [stopped, fallbackGuard].enumerated().map { index, relay in
            SampledGuard(
                identity: try #require(RelayFingerprint(hex: relay.rsaFingerprint)), nickname: relay.nickname,
                sampledOn: earlier, confirmedOn: earlier, confirmedIndex: index)
        })
        try Data(state.encoded(writtenAt: earlier)).write(to: URL(fileURLWithPath: dataDirectory + "/" + GuardStateFile.fileName))
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: dataDirectory,
            breakerPolicy: CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(600)))
        let transport = TamperingTransport(base: FallbackDirectoryTransport.standard()) { _, _, body in body }
        // The first source of each tier is chosen, so the stopped authority is tried first.
        let stack = try PathsStack.make(configuration, transport: transport, random: FirstChoiceRandom())
        defer { Task { await stack.close() } }
        let view = try await stack.service.bootstrap()
        #expect(view.relays.count == network.relays.count)
        #expect(transport.requests.first?.server == stoppedKey)
        #expect(await stack.bootstrapper.breakers.isOpen(stoppedKey))
        #expect(await stack.bootstrapper.counters.fetchFailures >= 1)
        #expect(transport.requests.filter { $0.server == stoppedKey }.count == 1, "an open breaker is not tried again")

        // The consensus was voted before the stop: it still lists the authority as Running.
        let stoppedIdentity = try #require(RelayFingerprint(hex: stoppedKey))
        #expect(try #require(view.relay(rsaIdentity: stoppedIdentity)).flags.contains(.running))
        #expect(await stack.guards.primaryGuards.first == stoppedIdentity)

        // The circuit source tries the stopped primary guard, reports it unreachable
        // (guard-spec 4.7) and builds through the next primary guard instead.
        let built = try await stack.source.buildCircuit(exitPort: UInt16(network.http.port))
        #expect(!built.relays.contains { $0.breakerKey == stoppedKey })
        #expect(built.relays.first?.breakerKey == fallbackGuard.rsaFingerprint)
        #expect(await stack.guards.sampledGuards.first { $0.identity == stoppedIdentity }?.reachability == .no)
        try await stack.expectVerifiedCircuit(built, network: network)
        built.handle.close()
    }

    @Test func aDueRefreshSwapsInANewerConsensus() async throws {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(
            network, dataDirectory: DirectoryBootstrapHarness.dataDirectory())
        // The service's clock runs a day ahead, so every refresh is due; the bootstrapper keeps
        // the real clock to verify what it fetches. Stale refreshes back off 2 to 10 s.
        let stack = try PathsStack.make(
            configuration, serviceNow: { DirectoryBootstrapper.systemNow() + 86_400 },
            retry: RetryPolicy(maxAttempts: .max, baseDelay: .seconds(2), maxDelay: .seconds(10)))
        defer { Task { await stack.close() } }
        let first = try await stack.service.bootstrap()
        #expect(await stack.service.isRefreshDue())
        let fetchedAtBootstrap = await stack.service.status().counters.microdescriptorsFetched
        #expect(fetchedAtBootstrap == network.relays.count)

        let loop = Task { await stack.service.run() }
        defer { loop.cancel() }
        // The authorities vote every 60 s once calm (15 s while the network comes up).
        let deadline = ContinuousClock.now + .seconds(180)
        var current = first
        while current.validAfter <= first.validAfter, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            current = try #require(await stack.service.store.current)
        }
        loop.cancel()
        #expect(current.validAfter > first.validAfter, "no newer consensus within 180 s")
        #expect(current.relays.count == network.relays.count)
        let status = await stack.service.status()
        #expect(status.refreshes >= 1)
        #expect(status.viewsReplaced >= 1)
        #expect(status.consensusDownloads >= 2)
        #expect(status.lastRefresh != nil)
        #expect(status.validAfter == current.validAfter)
        #expect(status.failures == 0, "\(status.lastFailure ?? "")")
        // The relays did not change: every microdescriptor the new consensus lists was held.
        #expect(status.counters.microdescriptorsFetched == fetchedAtBootstrap)

        // A circuit built now uses the new view.
        let built = try await stack.source.buildCircuit(exitPort: UInt16(network.http.port))
        try await stack.expectVerifiedCircuit(built, network: network)
        built.handle.close()
    }
}
