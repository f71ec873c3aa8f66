import Foundation
import NIOConcurrencyHelpers
import Testing

/// An exit killed mid-download fails that SOCKS stream promptly, visibly to the application,
/// and the next request goes out through another exit (issue 5). Uses a network of its own,
/// since it stops one of its exits.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct TorctlExitFailureTests {
    /// The exit whose process holds a TCP connection to the HTTP server's port right now,
    /// found from /proc: its socket inodes matched against /proc/net/tcp's remote ports.
    static func exitServing(port: Int, exits: [TestNetworkInfo.Relay]) -> TestNetworkInfo.Relay? {
        let table = readProcFile("/proc/net/tcp").split(separator: "\n").dropFirst()
        var inodes: Set<String> = []
        for row in table {
            let fields = row.split(separator: " ")
            guard fields.count > 9, let remotePort = fields[2].split(separator: ":").last,
                  Int(remotePort, radix: 16) == port, fields[3] == "01" else { continue }
            inodes.insert(String(fields[9]))
        }
        for exit in exits {
            let fdDirectory = "/proc/\(exit.pid)/fd"
            let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? []
            for descriptor in descriptors {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\(descriptor)"),
                      target.hasPrefix("socket:[") else { continue }
                if inodes.contains(String(target.dropFirst(8).dropLast())) { return exit }
            }
        }
        return nil
    }

    /// A /proc file read to its end with read(2): proc files report size 0, so readers that
    /// trust the size see nothing.
    static func readProcFile(_ path: String) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func anExitKilledMidDownloadFailsTheStreamAndTheNextRequestUsesAnother() async throws {
        let network = try await TestNetwork.startDedicated()
        let client: TorctlProcess
        do {
            client = try TorctlProcess(network: network)
        } catch {
            try? await TestNetwork.stop(network)
            throw error
        }
        defer { client.cleanUp() }
        do {
            try await client.waitForLine(containing: "Bootstrapped 100% (done): Done")
            let http = network.http
            let output = client.directory.appendingPathComponent("partial").path
            // Slow enough to still be running when the exit dies. curl reports its own running
            // time, and its start is stamped on the thread that launches it: the end is timed
            // by curl, not by when this test's task gets to run again, which on a loaded
            // 2-core machine with every suite in one process can be many seconds later.
            let curlStart = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
            let socks = client.socksAddress
            let download = Task {
                try await OffThread.run {
                    curlStart.withLockedValue { $0 = ContinuousClock.now }
                    return try SocksClientProcess.run("/usr/bin/curl", [
                        "--silent", "--show-error", "--max-time", "120", "--socks5-hostname", socks, "--output", output,
                        "--limit-rate", "4M", "--write-out", "%{time_total}", "http://\(http.address):\(http.port)/50M",
                    ], timeout: .seconds(150))
                }
            }
            var serving: TestNetworkInfo.Relay?
            let deadline = ContinuousClock.now + .seconds(60)
            while serving == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                serving = Self.exitServing(port: http.port, exits: network.exits)
            }
            guard let killed = serving else {
                let result = try await download.value
                Issue.record("no exit carried the download; curl ended \(result.status): \(result.stderr)\n\(client.output)")
                return
            }
            try await Task.sleep(for: .seconds(1))
            let killedAt = ContinuousClock.now
            try await network.stopExit(killed)
            let result = try await download.value
            let started = try #require(curlStart.withLockedValue { $0 })
            let total = try #require(Double(result.stdout), "curl's time_total: \(result.stdout)")
            let failedAfter = started + .milliseconds(Int(total * 1000)) - killedAt
            print("exit \(killed.nickname) stopped; curl ended \(failedAfter) later (status \(result.status))")
            #expect(result.status != 0, "curl saw the stream fail, not a complete file")
            #expect(failedAfter < .seconds(15), "the failure reached the application promptly (\(failedAfter))")

            let next = try await ClientTools.curl("http://\(http.address):\(http.port)/echo-peer", socks: client.socksAddress)
            #expect(next.status == 0, "\(next.stderr)")
            let echo = try JSONDecoder().decode(ExitEchoPeer.self, from: Data(next.stdout.utf8))
            let others = Set(network.exits.filter { $0.pid != killed.pid }.map(\.pid))
            #expect(echo.pid.map(others.contains) == true, "the next request left through the other exit")
            #expect(client.process.isRunning)
        } catch {
            client.cleanUp()
            try? await TestNetwork.stop(network)
            throw error
        }
        await client.stop()
        try await TestNetwork.stop(network)
    }
}
