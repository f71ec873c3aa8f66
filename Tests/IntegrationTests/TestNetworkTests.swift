import Foundation
import Testing

/// The private tor network and its harness: what every other integration test stands on.
@Suite(.timeLimit(.minutes(5)))
struct TestNetworkTests {
    @Test func networkListsThreeAuthoritiesAndFiveRelaysTwoOfThemExits() async throws {
        let network = try await TestNetwork.shared()
        #expect(network.relays.count == 8)
        #expect(network.authorities.count == 3)
        #expect(network.relays.filter { !$0.isAuthority }.count == 5)
        #expect(network.exits.count == 2)
        #expect(network.exits.allSatisfy { !$0.isAuthority })
        #expect(network.authorities.allSatisfy { $0.v3Identity.flatMap(Hex.decode)?.count == 20 })
        #expect(network.dirAuthorityLines.count == 3)
        #expect(Set(network.relays.map(\.rsaFingerprint)).count == 8)
        let ports = network.relays.flatMap { [$0.orPort, $0.dirPort] } + [network.http.port]
        #expect(Set(ports).count == ports.count)
        #expect(network.relays.allSatisfy { $0.address == "127.0.0.1" })
        for relay in network.relays {
            #expect(relay.isRunning, "\(relay.nickname) (pid \(relay.pid)) is not running")
        }
        let clientTorrc = try String(contentsOfFile: network.clientTorrcPath, encoding: .utf8)
        #expect(clientTorrc.contains("TestingTorNetwork 1"))
        for line in network.dirAuthorityLines {
            #expect(clientTorrc.contains(line))
        }
    }

    @Test func everyDirPortServesAConsensusNamingAllEightRelays() async throws {
        let network = try await TestNetwork.shared()
        let expected = Set(network.relays.map(\.rsaFingerprint))
        for relay in network.relays {
            let document = try await network.fetchDirectoryDocument(
                path: "/tor/status-vote/current/consensus-microdesc", from: relay)
            let text = String(decoding: document, as: UTF8.self)
            #expect(text.hasPrefix("network-status-version 3 microdesc\n"), "from \(relay.nickname)")
            #expect(routerFingerprints(inConsensus: text) == expected, "from \(relay.nickname)")
        }
    }

    @Test(arguments: ["/small", "/1M"])
    func httpServerFileHasTheAdvertisedSizeAndDigest(path: String) async throws {
        let network = try await TestNetwork.shared()
        let advertised = try #require(network.http.file(path))
        let response = try await network.fetchFromHTTPServer(path: path)
        #expect(response.status == 200)
        #expect(response.body.count == advertised.size)
        #expect(try ExternalSHA256.hexDigest(of: response.body) == advertised.sha256)
    }

    @Test func echoPeerNamesThisTestProcessAsThePeer() async throws {
        let network = try await TestNetwork.shared()
        let response = try await network.fetchFromHTTPServer(path: "/echo-peer")
        #expect(response.status == 200)
        let peer = try JSONDecoder().decode(EchoPeer.self, from: Data(response.body))
        #expect(peer.pid == getpid())
        #expect(peer.isExit == false)
        #expect(response.header("X-Peer-Pid") == String(getpid()))
    }

    @Test func unknownPathIsNotFound() async throws {
        let network = try await TestNetwork.shared()
        let response = try await network.fetchFromHTTPServer(path: "/no-such-file")
        #expect(response.status == 404)
    }

    @Test func stopExitRefusesARelayThatIsNotAnExit() async throws {
        let network = try await TestNetwork.shared()
        let middle = try #require(network.relays.first { !$0.isExit })
        await #expect(throws: TestNetworkError.self) { try await network.stopExit(middle) }
        #expect(middle.isRunning)
    }

    @Test func stopAuthorityRefusesARelayThatIsNotAnAuthority() async throws {
        let network = try await TestNetwork.shared()
        let exit = try #require(network.exits.first)
        await #expect(throws: TestNetworkError.self) { try await network.stopAuthority(exit) }
        #expect(exit.isRunning)
    }

    @Test func stopExitEndsOnlyThatExitOfADedicatedNetwork() async throws {
        let network = try await TestNetwork.startDedicated()
        do {
            let exit = try #require(network.exits.first)
            try await network.stopExit(exit)
            #expect(!exit.isRunning)
            for relay in network.relays where relay != exit {
                #expect(relay.isRunning, "\(relay.nickname) stopped too")
            }
            await #expect(throws: TestNetworkError.self) { try await network.stopExit(exit) }
        } catch {
            try? await TestNetwork.stop(network)
            throw error
        }
        try await TestNetwork.stop(network)
        #expect(network.relays.allSatisfy { !$0.isRunning })
    }

    /// The identities of the `r` lines of a microdesc consensus (dir-spec §3.4.1:
    /// "r" nickname identity published-date published-time address ORPort DirPort), as hex.
    private func routerFingerprints(inConsensus text: String) -> Set<String> {
        var fingerprints = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("r ") {
            let fields = line.split(separator: " ")
            if fields.count > 2, let identity = UnpaddedBase64.decode(String(fields[2])) {
                fingerprints.insert(Hex.encode(identity))
            }
        }
        return fingerprints
    }
}

/// The JSON `/echo-peer` answers with.
private struct EchoPeer: Decodable {
    let pid: Int32?
    let comm: String?
    let isExit: Bool

    private enum CodingKeys: String, CodingKey {
        case pid, comm
        case isExit = "is_exit"
    }
}
