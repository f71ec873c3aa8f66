import Foundation
import Testing

/// SOCKS clients that leave mid-request, against `torctl run` on the private network: no stream
/// is left behind (GETINFO stream-status, STREAM events), even one whose BEGIN the exit never
/// answers (a destination that drops SYNs), and the client keeps serving at once.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct TorctlSocksDepartureTests {
    /// How soon after the last client left every stream must be gone: "a second or two", with
    /// room for a loaded machine; before the fix they stayed until SocksTimeout (2 minutes).
    static let clearedWithin = 3.0
    /// How long the next ordinary request may take: a circuit build or two, far below the
    /// SocksTimeout (2 minutes) that unanswered BEGINs held their circuits for before.
    static let nextFetchWithin = 30.0

    @Test func clientsThatLeaveAfterSendingConnectLeaveNoStreamBehind() async throws {
        let network = try await TestNetwork.shared()
        let client = try TorctlProcess(network: network, extra: "IsolateSOCKSAuth 1")
        defer { client.cleanUp() }
        try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
        let result = try await ClientTools.probe([
            "departure", "--socks", client.socksAddress, "--host", network.http.address,
            "--port", "\(network.http.port)", "--control", "\(client.controlPort)", "--count", "30",
        ])
        let opened = try #require(result["opened"] as? Int)
        #expect(opened > 0, "the requests reached the client before their clients left: \(result)")
        #expect((result["unended"] as? [Any])?.isEmpty == true, "every STREAM ended with CLOSED or FAILED: \(result)")
        #expect((result["remaining"] as? String)?.isEmpty == true, "GETINFO stream-status is empty: \(result)")
        let cleared = try #require(result["cleared_after"] as? Double)
        #expect(cleared < Self.clearedWithin, "streams gone \(cleared) s after the clients left")
        #expect(result["after_status"] as? Int == 200, "the client still serves a normal request")
        // The departed clients' unanswered BEGINs no longer hold their circuits: the pool closes
        // them to make room instead of making the next stream wait out SocksTimeout.
        let fetch = try #require(result["after_seconds"] as? Double)
        #expect(fetch < Self.nextFetchWithin, "the next request took \(fetch) s")
        let status = await client.stop(signal: SIGTERM)
        #expect(status == 0, "SIGTERM ends the client cleanly; stdout:\n\(client.output)")
    }
}
