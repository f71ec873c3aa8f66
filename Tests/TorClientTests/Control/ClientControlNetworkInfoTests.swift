import ControlPort
import Directory
import Foundation
import NIOPosix
import TorClient
import Testing

/// GETINFO ns/* and md/* against what a real tor 0.4.9.11 client answered for the same
/// consensus (``CTorNetworkFixture``).
@Suite struct ClientControlNetworkInfoTests {
    static func directory() throws -> ControlledDirectory {
        let consensus = try MicrodescConsensus(parsing: Array(CTorNetworkFixture.consensus.utf8))
        let batch = try MicrodescriptorBatch(parsing: Array(CTorNetworkFixture.microdescriptorsAll.utf8))
        #expect(batch.rejected.isEmpty)
        let microdescriptors = Dictionary(batch.descriptors.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
        return ControlledDirectory(entries: consensus.routers, microdescriptors: microdescriptors, clientVersions: consensus.clientVersions)
    }

    /// The entries of an ns/all text, each `r` line with the lines up to the next `r` line.
    static func entries(_ text: String) -> Set<String> {
        var entries: [String] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("r ") || entries.isEmpty { entries.append(String(line)) } else { entries[entries.count - 1] += "\n" + line }
        }
        return Set(entries)
    }

    @Test func nsAllIsWhatCTorAnswersEntryForEntry() throws {
        let directory = try Self.directory()
        #expect(directory.entries.count == 8)
        let ours = ControlStatusFormatter.networkStatuses(directory)
        #expect(Self.entries(ours) == Self.entries(CTorNetworkFixture.networkStatusAll))
        // The digest field is the first 20 bytes of the microdescriptor digest (C tor's quirk).
        #expect(ours.contains("r exit1 EGuKY3x2cNqTal6JN3mdX5YIa5E "))
    }

    @Test func mdAllHoldsEveryMicrodescriptorByteForByte() throws {
        let directory = try Self.directory()
        let ours = ControlStatusFormatter.microdescriptors(directory)
        #expect(ours.utf8.count == CTorNetworkFixture.microdescriptorsAll.utf8.count)
        let split = { (text: String) in Set(text.components(separatedBy: "onion-key\n").filter { !$0.isEmpty }) }
        #expect(split(ours) == split(CTorNetworkFixture.microdescriptorsAll))
    }

    @Test func byIdentityAndNicknameThroughTheBackend() async throws {
        let server = try await ControlBackendServer.start()
        server.client.state.withLockedValue { $0.directory = try? Self.directory() }
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        let exit1 = "106B8A637C7670DA936A5E8937799D5F96086B91"
        let values = try await client.getInfo([
            "ns/id/" + exit1, "ns/name/exit1", "ns/id/" + exit1.lowercased(), "ns/id/" + String(repeating: "0", count: 40),
            "md/name/exit1", "status/enough-dir-info", "status/version/current",
        ])
        let entry = try #require(Self.entries(CTorNetworkFixture.networkStatusAll).first { $0.hasPrefix("r exit1 ") })
        #expect(values["ns/id/" + exit1] == entry)
        #expect(values["ns/name/exit1"] == entry)
        #expect(values["ns/id/" + exit1.lowercased()] == entry)
        // C tor answers an unlisted identity with an empty value.
        #expect(values["ns/id/" + String(repeating: "0", count: 40)] == "")
        #expect(values["md/name/exit1"]?.contains("ntor-onion-key HJxbtPUIpiFS1DdOXRFGxklQdErbSEg9Zn/BjokGal0") == true)
        #expect(values["status/enough-dir-info"] == "1")
        // The test network's consensus lists no client versions: C tor says "none recommended".
        #expect(values["status/version/current"] == "none recommended")
        // C tor: 552 for a `$` identity and for a relay without a microdescriptor.
        #expect(try await client.send("GETINFO ns/id/$" + exit1).status == .unrecognizedEntity)
        #expect(try await client.send("GETINFO md/id/" + String(repeating: "0", count: 40)).status == .unrecognizedEntity)
        let all = try await client.getInfo(["ns/all", "md/all"])
        #expect(Self.entries(all["ns/all"] ?? "") == Self.entries(CTorNetworkFixture.networkStatusAll))
        await client.close()
        await server.stop()
    }

    @Test func newConsensusAndConfChangedReachASubscriber() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        try await client.call("SETEVENTS NEWCONSENSUS CONF_CHANGED ORCONN NETWORK_LIVENESS SIGNAL")
        server.events.newConsensus(try Self.directory())
        server.events.configurationChanged(["MaxCircuitDirtiness=700", "ExitNodes"])
        server.events.configurationChanged([])  // nothing changed: no event
        let channel = ControlledChannel(id: 4, relay: ControlledRelay(fingerprint: String(repeating: "E", count: 40), nickname: "exit1"), status: "CONNECTED")
        server.events.channelChanged(channel)
        server.events.networkLiveness(isUp: true)
        server.events.signalReceived("RELOAD")
        var received: [ControlEvent] = []
        for await event in client.events {
            received.append(event)
            if received.count == 5 { break }
        }
        #expect(received.map(\.kind) == [.newConsensus, .configurationChanged, .channel, .networkLiveness, .signal])
        #expect(Self.entries(received[0].body) == Self.entries(CTorNetworkFixture.networkStatusAll))
        #expect(received[1].body == "MaxCircuitDirtiness=700\nExitNodes")
        #expect(received[2].body == "$EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE~exit1 CONNECTED ID=4")
        #expect(received[3].body == "UP" && received[4].body == "RELOAD")
        await client.close()
        await server.stop()
    }

    @Test func withoutADirectoryTheListsAreEmpty() async throws {
        let server = try await ControlBackendServer.start()
        let client = try await ControlClient.connect(host: "127.0.0.1", port: server.port, group: MultiThreadedEventLoopGroup.singleton)
        try await client.authenticate(ControlCredentials())
        let values = try await client.getInfo(["ns/all", "md/all", "status/enough-dir-info", "status/version/current"])
        #expect(values == ["ns/all": "", "md/all": "", "status/enough-dir-info": "0", "status/version/current": "unknown"])
        await client.close()
        await server.stop()
    }
}
