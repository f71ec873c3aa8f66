import Circuit
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import TorCore

/// An exit that dies mid-download, on a network of the test's own (it stays broken): the
/// stream must fail with a clear error within seconds, and nothing may hang.
@Suite(.timeLimit(.minutes(5)))
struct CircuitTestsExitFailure {
    /// How soon after the exit dies its streams must have failed.
    static let failureDeadline: Duration = .seconds(10)

    @Test func killingTheExitMidDownloadFailsItsStreamWithinSeconds() async throws {
        let info = try await TestNetwork.startDedicated()
        defer { Task { try? await TestNetwork.stop(info) } }
        let network = try await CircuitTestNetwork.load(info)
        let channels = ChannelManager(group: MultiThreadedEventLoopGroup.singleton, connectTimeout: .seconds(30))
        defer { Task { await channels.closeAll() } }
        let builder = CircuitBuilder(channels: channels, buildTimeout: .seconds(30))
        let guardRelay = network.guards[0]
        let middle = network.middles.first { $0.nickname != guardRelay.nickname }!
        let doomed = info.exits[0]
        let circuit = try await builder.build(path: [
            network.target(guardRelay.nickname), network.target(middle.nickname), network.target(doomed.nickname),
        ])
        let http = info.http
        let stream = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        let inbound = stream.inbound()
        try await stream.write(ByteBuffer(string: "GET /50M HTTP/1.0\r\nHost: \(http.address)\r\n\r\n"))

        let clock = ContinuousClock()
        // When the circuit itself learned of the failure, stamped on its event loop: the loop
        // below runs on the test process's shared task pool, which other suites can keep busy
        // on a loaded 2-core machine, so its own timing would measure them, not the client.
        let closedAt = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
        circuit.closeFuture.whenComplete { _ in closedAt.withLockedValue { $0 = $0 ?? clock.now } }
        var received = 0
        var killedAt: ContinuousClock.Instant?
        let failure = try await #require(throws: CircuitError.self) {
            for try await buffer in inbound {
                received += buffer.readableBytes
                if killedAt == nil, received >= 1 << 20 {
                    try ExitProcess.kill(doomed)
                    killedAt = clock.now
                }
            }
        }
        let killed = try #require(killedAt)
        let delay = try #require(closedAt.withLockedValue { $0 }, "the circuit closed") - killed
        #expect(delay < Self.failureDeadline, "the stream failed \(delay) after the exit died")
        #expect(received < 50 << 20)
        // The middle relay tears the circuit down towards us when its link to the exit drops.
        #expect([CircuitError.Code.circuitDestroyed, .circuitTruncated, .circuitChannelClosed].contains(failure.code))
        #expect(failure.kind == .resource)
        print("exit killed after \(received) bytes; stream failed \(delay) later: \(failure)")

        // The dead circuit refuses new streams at once, and the shared guard channel still
        // carries a circuit through the other exit.
        await #expect(throws: CircuitError.self) {
            _ = try await circuit.openStream(host: http.address, port: UInt16(http.port))
        }
        let survivor = try await builder.build(path: [
            network.target(guardRelay.nickname), network.target(middle.nickname), network.target(info.exits[1].nickname),
        ])
        let check = try await survivor.openStream(host: http.address, port: UInt16(http.port))
        let response = try await StreamHTTP.get(check, host: http.address, port: http.port, path: "/small")
        #expect(response.status == 200)
        survivor.close()
    }
}

/// SIGKILL for one exit of a network this test process started, by its recorded pid and only
/// while that pid still has the recorded start time (so a recycled pid is left alone).
enum ExitProcess {
    static func kill(_ relay: TestNetworkInfo.Relay) throws {
        guard relay.isExit, relay.isRunning else {
            throw TestNetworkError("\(relay.nickname) (pid \(relay.pid)) is not a running exit")
        }
        guard Glibc.kill(relay.pid, SIGKILL) == 0 else {
            throw TestNetworkError("cannot signal \(relay.nickname) (pid \(relay.pid)): errno \(errno)")
        }
    }
}
