import Foundation
import Testing

/// Startup problems end `torctl run` with one clear message and a non-zero exit, not a hang
/// and not a stack trace (issue 5, deliverable 1). None of these needs a working network: the
/// DirAuthority points at a closed port on loopback.
@Suite(.timeLimit(.minutes(5)))
struct TorctlStartupErrorTests {
    static let unreachableAuthority =
        "DirAuthority test orport=1 no-v2 v3ident=0000000000000000000000000000000000000000 127.0.0.1:2 "
        + "0000 0000 0000 0000 0000 0000 0000 0000 0000 0000"

    /// Runs torctl with `torrc` until it exits (bounded) and returns its status and output.
    static func run(torrc: String, in directory: URL, timeout: Duration = .seconds(150)) async throws -> (Int32, String, String) {
        let path = directory.appendingPathComponent("torrc").path
        try torrc.write(toFile: path, atomically: true, encoding: .utf8)
        let stdout = directory.appendingPathComponent("stdout.log").path
        let stderr = directory.appendingPathComponent("stderr.log").path
        let process = try TorctlProcess.launch(arguments: ["run", "-f", path], stdout: stdout, stderr: stderr)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestNetworkError("torctl still running after \(timeout)")
        }
        let out = (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }

    static func temporaryDirectory() throws -> URL {
        try TorctlProcess.temporaryDirectory("torctl-err")
    }

    @Test func aSocksPortInUseEndsWithOneClearMessage() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Hold the port with a listening socket of our own.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = bind(holder, raw, length)
                _ = listen(holder, 1)
                return getsockname(holder, raw, &length)
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let (status, out, err) = try await Self.run(
            torrc: "SocksPort 127.0.0.1:\(port)\nDataDirectory \(directory.path)/data\nLog notice stdout\n"
                + Self.unreachableAuthority + "\n",
            in: directory, timeout: .seconds(30))
        #expect(status != 0)
        let text = out + err
        #expect(text.contains("Could not bind to 127.0.0.1:\(port): Address already in use"), "\(text)")
        #expect(!text.contains("Fatal error"), "no crash: \(text)")
    }

    @Test func aDataDirectoryThatIsAFileEndsWithOneClearMessage() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = directory.appendingPathComponent("not-a-directory").path
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let (status, out, err) = try await Self.run(
            torrc: "SocksPort auto\nDataDirectory \(blocker)\nLog notice stdout\n" + Self.unreachableAuthority + "\n",
            in: directory, timeout: .seconds(30))
        #expect(status != 0)
        #expect((out + err).contains("DataDirectory \(blocker) is not a directory"), "\(out + err)")
    }

    @Test func noReachableDirectorySourceEndsWithOneClearMessage() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, out, err) = try await Self.run(
            torrc: "SocksPort auto\nDataDirectory \(directory.path)/data\nLog notice stdout\nTestingTorNetwork 1\n"
                + Self.unreachableAuthority + "\n",
            in: directory)
        #expect(status != 0)
        let text = out + err
        #expect(text.contains("[err]"), "\(text)")
        #expect(text.contains("directory"), "the message says what failed: \(text)")
        #expect(!text.contains("Fatal error"), "no crash: \(text)")
    }
}
