import ControlPort
import Directory
import Foundation
import TorClient
import TorCore
import Testing

/// Exact control-port text for each value the backend reports (control-spec §3.9, §4.1), and
/// that our own controller-side reader takes it apart again.
@Suite struct ControlStatusFormatterTests {
    /// 2026-11-23T04:00:00Z.
    static let created = Date(timeIntervalSince1970: 1_795_406_400)
    static let guardRelay = ControlledRelay(fingerprint: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nickname: "guard1")
    static let middle = ControlledRelay(fingerprint: "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", nickname: "middle1")
    static let exit = ControlledRelay(fingerprint: "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", nickname: nil)

    @Test func builtCircuitLine() {
        let circuit = ControlledCircuit(
            id: "7", status: "BUILT", path: [Self.guardRelay, Self.middle, Self.exit], timeCreated: Self.created)
        #expect(ControlStatusFormatter.circuit(circuit) ==
            "7 BUILT $AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~guard1,$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB~middle1,$CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=2026-11-23T04:00:00.000000")
    }

    @Test func launchedCircuitHasNoPathAndFailedOneHasAReason() {
        let launched = ControlledCircuit(id: "8", status: "LAUNCHED", path: [], timeCreated: Self.created.addingTimeInterval(0.25))
        #expect(ControlStatusFormatter.circuit(launched) ==
            "8 LAUNCHED BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=2026-11-23T04:00:00.250000")
        let failed = ControlledCircuit(
            id: "9", status: "FAILED", path: [Self.guardRelay], buildFlags: [], timeCreated: Self.created, reason: "TIMEOUT")
        #expect(ControlStatusFormatter.circuit(failed) ==
            "9 FAILED $AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA~guard1 PURPOSE=GENERAL TIME_CREATED=2026-11-23T04:00:00.000000 REASON=TIMEOUT")
    }

    @Test func streamLinesAndEvents() {
        let stream = ControlledStream(id: "12", status: "SUCCEEDED", circuitID: "7", targetHost: "example.com", targetPort: 443)
        #expect(ControlStatusFormatter.streamStatus(stream) == "12 SUCCEEDED 7 example.com:443")
        let pending = ControlledStream(id: "13", status: "NEW", circuitID: nil, targetHost: "2001:db8::1", targetPort: 80)
        #expect(ControlStatusFormatter.streamStatus(pending) == "13 NEW 0 [2001:db8::1]:80")
        var closed = stream
        closed.status = "CLOSED"
        closed.reason = "DONE"
        #expect(ControlStatusFormatter.streamEvent(closed) == "12 CLOSED 7 example.com:443 REASON=DONE")
        #expect(ClientControlEvents.stream(closed).reply.encoded == Array("650 STREAM 12 CLOSED 7 example.com:443 REASON=DONE\r\n".utf8))
    }

    @Test func bootstrapPhase() {
        let status = ControlledBootstrapStatus(progress: 50, tag: "loading_descriptors", summary: "Loading relay descriptors")
        #expect(ControlStatusFormatter.bootstrap(status) ==
            "NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY=\"Loading relay descriptors\"")
        #expect(ClientControlEvents.bootstrap(ControlledBootstrapStatus(progress: 100, tag: "done", summary: "Done")).reply.encoded
            == Array("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"\r\n".utf8))
    }

    /// The same text Directory's own `controlStatus` gives for a bootstrapper report.
    @Test func bootstrapFromADirectoryReport() throws {
        var status = BootstrapStatus()
        let recorded = status.record(.loadingDescriptors, progress: 57)
        let report = try #require(recorded)
        #expect(ControlStatusFormatter.bootstrap(ControlledBootstrapStatus(report)) == report.controlStatus)
        #expect(ControlStatusFormatter.bootstrap(.starting) == "NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY=\"Starting\"")
    }

    /// A network-view relay shows as `$FINGERPRINT~nickname` in upper-case hex, like tor's.
    @Test func relayFromTheNetworkView() throws {
        let identity = try #require(RelayFingerprint(hex: "00112233445566778899aabbccddeeff00112233"))
        let relay = Relay(
            nickname: "exit1", rsaIdentity: identity, address: try #require(IPv4Address("127.0.0.1")), orPort: 5000,
            flags: [], bandwidth: nil, ntorOnionKey: [UInt8](repeating: 0, count: 32))
        #expect(ControlStatusFormatter.longName(ControlledRelay(relay)) == "$00112233445566778899AABBCCDDEEFF00112233~exit1")
    }

    @Test func otherValues() {
        #expect(ControlStatusFormatter.bandwidth(read: 10, written: 20) == "10 20")
        #expect(ControlStatusFormatter.socksListeners(["127.0.0.1:9050", "[::1]:9050"]) == "\"127.0.0.1:9050\" \"[::1]:9050\"")
        #expect(ControlStatusFormatter.breaker(ControlledBreaker(name: "guard-fetch", state: .halfOpen, consecutiveFailures: 3))
            == "guard-fetch half-open FAILURES=3")
        #expect(ControlStatusFormatter.torrcStatus(.accepted) == "accepted")
        #expect(ControlStatusFormatter.torrcStatus(.rejected(message: "line 3: \"SocksPort x\"")) == "rejected \"line 3: \\\"SocksPort x\\\"\"")
        #expect(ClientControlEvents.log(.debug, "x") == nil)
        #expect(ClientControlEvents.log(.warn, "careful") == ControlEvent(.warn, "careful"))
    }

    @Test func readerTakesTheLinesApartAgain() throws {
        let circuit = ControlledCircuit(id: "7", status: "BUILT", path: [Self.guardRelay, Self.exit], timeCreated: Self.created)
        let line = try ControlStatusLine(ControlStatusFormatter.circuit(circuit))
        #expect(line.positional.count == 3 && line[position: 0] == "7" && line[position: 1] == "BUILT")
        let path = ControlStatusLine.path(try #require(line[position: 2]))
        #expect(path.map(\.fingerprint) == [Self.guardRelay.fingerprint, Self.exit.fingerprint])
        #expect(path.map(\.nickname) == ["guard1", nil])
        #expect(line.fields == ["BUILD_FLAGS": "NEED_CAPACITY", "PURPOSE": "GENERAL", "TIME_CREATED": "2026-11-23T04:00:00.000000"])
        let rejected = try ControlStatusLine(ControlStatusFormatter.torrcStatus(.rejected(message: "bad \"quote\"")))
        #expect(rejected.positional == ["rejected", "bad \"quote\""])
    }
}
