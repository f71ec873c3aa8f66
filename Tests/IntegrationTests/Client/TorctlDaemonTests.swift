import Foundation
import Testing

/// `RunAsDaemon 1`: `torctl run` returns once the client runs in the background, and the
/// client is then found by its PidFile, serves SOCKS, and stops on SIGTERM; a client that
/// cannot start makes `torctl run` fail instead of returning as if it had.
@Suite(.timeLimit(.minutes(5)))
struct TorctlDaemonTests {
    /// Whether `pid` still runs: not gone and not a zombie (the daemon's parent has exited, and
    /// whoever adopts it may be slow to reap it).
    static func isAlive(_ pid: Int32) -> Bool { ProcessStat.startTime(of: pid) != nil }

    @Test func runAsDaemonReturnsAndTheDaemonServesUntilSigterm() async throws {
        let network = try await TestNetwork.shared()
        let directory = try TorctlProcess.temporaryDirectory("torctl-daemon")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidPath = directory.appendingPathComponent("tor.pid").path
        let logPath = directory.appendingPathComponent("daemon.log").path
        let client = try TorctlProcess(network: network, extra: "RunAsDaemon 1\nPidFile \(pidPath)\nLog notice file \(logPath)")
        defer { client.cleanUp() }
        let deadline = ContinuousClock.now + .seconds(60)
        while client.process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!client.process.isRunning, "torctl run returned")
        #expect(client.process.terminationStatus == 0, "\(client.output)\(client.errorOutput)")

        let daemon = try #require(Int32(try String(contentsOfFile: pidPath, encoding: .utf8).trimmingCharacters(in: .newlines)))
        // The daemon is ours (started by this test's torctl): end it by its PID, whatever happens.
        defer { if Self.isAlive(daemon) { kill(daemon, SIGKILL) } }
        #expect(daemon != client.process.processIdentifier)
        #expect(Self.isAlive(daemon))
        #expect(client.output.contains("running in the background as PID \(daemon)"), "\(client.output)")

        let fetch = try await ClientTools.curl("http://\(network.http.address):\(network.http.port)/echo-peer", socks: client.socksAddress)
        #expect(fetch.status == 0, "\(fetch.stderr)")
        let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(fetch.stdout.utf8))
        #expect(echo.pid.map(Set(network.exits.map(\.pid)).contains) == true, "the daemon's stream left through an exit")

        kill(daemon, SIGTERM)
        let stopDeadline = ContinuousClock.now + .seconds(30)
        while Self.isAlive(daemon), ContinuousClock.now < stopDeadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!Self.isAlive(daemon), "SIGTERM stopped the daemon")
        #expect(!FileManager.default.fileExists(atPath: pidPath), "its PidFile went with it")
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        #expect(log.contains("Bootstrapped 100% (done): Done") && log.contains("exiting cleanly"), "\(log)")
    }

    @Test func aDaemonThatCannotStartMakesTorctlRunFail() async throws {
        let directory = try TorctlStartupErrorTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notADirectory = directory.appendingPathComponent("file").path
        try "not a directory".write(toFile: notADirectory, atomically: true, encoding: .utf8)
        let (status, out, err) = try await TorctlStartupErrorTests.run(
            torrc: "RunAsDaemon 1\nSocksPort 0\nDataDirectory \(notADirectory)\nLog notice stdout\n"
                + TorctlStartupErrorTests.unreachableAuthority + "\n",
            in: directory, timeout: .seconds(60))
        #expect(status == 1, "\(out)\(err)")
        #expect(err.contains("RunAsDaemon: the daemon (PID ") && err.contains("could not start"), "\(out)\(err)")
    }
}
