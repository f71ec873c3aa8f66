import Foundation
import Testing

/// Our client as a user runs it: the built `torctl` binary with `run -f TORRC`, its standard
/// output and error going to files the test reads while it runs (so a line that is held back
/// in a buffer fails the test that waits for it).
final class TorctlProcess: @unchecked Sendable {
    let directory: URL
    let torrcPath: String
    let dataDirectory: String
    let socksPort: Int
    let controlPort: Int
    let stdoutPath: String
    let stderrPath: String
    let process: Process

    /// The torctl executable, built by `swift test` next to the test binary.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test binary may sit inside a `.xctest` bundle directory on some toolchains.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("torctl").path),
              directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("torctl")
    }

    /// A free TCP port on 127.0.0.1 (bound then released).
    static func freePort() throws -> Int {
        try freePorts(1)[0]
    }

    /// `count` distinct free TCP ports on 127.0.0.1. Every socket stays bound until all are
    /// chosen: one bound and released at a time, the kernel may hand out the same port twice
    /// (a reload test once got one port for SocksPort and ControlPort).
    static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { for socketFD in sockets { close(socketFD) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socketFD >= 0 else { throw TestNetworkError("socket() failed") }
            sockets.append(socketFD)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
                    guard bind(socketFD, raw, length) == 0 else { return -1 }
                    return getsockname(socketFD, raw, &length)
                }
            }
            guard bound == 0 else { throw TestNetworkError("cannot find a free port") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// The torrc a user of the private network writes: its DirAuthority lines, a SOCKS and a
    /// control port, cookie authentication, and `Log notice stdout`.
    static func torrc(
        network: TestNetworkInfo, dataDirectory: String, socksPort: Int, controlPort: Int, extra: String
    ) -> String {
        ([
            "SocksPort 127.0.0.1:\(socksPort)",
            "ControlPort 127.0.0.1:\(controlPort)",
            "CookieAuthentication 1",
            "DataDirectory \(dataDirectory)",
            "TestingTorNetwork 1",
            "Log notice stdout",
        ] + network.dirAuthorityLines + [extra]).joined(separator: "\n") + "\n"
    }

    /// Starts `torctl run -f` over a fresh directory; `extra` is appended to the torrc. `ports`
    /// gives the SocksPort and ControlPort to use (two free ones are chosen when nil).
    init(
        network: TestNetworkInfo, extra: String = "", dataDirectory reused: String? = nil, tracePath: String? = nil,
        ports chosen: [Int]? = nil
    ) throws {
        directory = try Self.temporaryDirectory("torctl-run")
        dataDirectory = reused ?? directory.appendingPathComponent("data").path
        let ports = try chosen ?? Self.freePorts(2)
        socksPort = ports[0]
        controlPort = ports[1]
        torrcPath = directory.appendingPathComponent("torrc").path
        try Self.torrc(network: network, dataDirectory: dataDirectory, socksPort: socksPort, controlPort: controlPort, extra: extra)
            .write(toFile: torrcPath, atomically: true, encoding: .utf8)
        stdoutPath = directory.appendingPathComponent("stdout.log").path
        stderrPath = directory.appendingPathComponent("stderr.log").path
        process = try Self.launch(
            arguments: ["run", "-f", torrcPath], stdout: stdoutPath, stderr: stderrPath, tracePath: tracePath)
    }

    /// A new directory under the system's temporary directory, named `prefix-UUID`.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts torctl with `arguments`; with `tracePath`, under `strace -f` recording every
    /// connect and send of every thread to that file.
    static func launch(arguments: [String], stdout: String, stderr: String, tracePath: String? = nil) throws -> Process {
        FileManager.default.createFile(atPath: stdout, contents: nil)
        FileManager.default.createFile(atPath: stderr, contents: nil)
        let process = Process()
        if let tracePath {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
            process.arguments = ["-f", "-qq", "-s", "256", "-e", "trace=connect,sendto,sendmsg,sendmmsg,openat",
                                 "-o", tracePath, executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        try process.run()
        return process
    }

    var output: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var errorOutput: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits until standard output has a line containing `text`; throws with the output so far
    /// when the process exits or `timeout` passes first.
    @discardableResult
    func waitForLine(containing text: String, timeout: Duration = .seconds(120)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            if !process.isRunning {
                throw TestNetworkError("torctl exited (\(process.terminationStatus)) before \"\(text)\"; stdout:\n\(output)\nstderr:\n\(errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestNetworkError("no \"\(text)\" within \(timeout); stdout:\n\(output)\nstderr:\n\(errorOutput)")
    }

    /// Sends `signal` and waits up to `timeout` for the process to exit; returns its status,
    /// or nil if it did not exit (then it is killed).
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        // Under strace the client is strace's child: signal the client, strace follows it out.
        let children = Self.children(of: process.processIdentifier)
        for target in children.isEmpty ? [process.processIdentifier] : children { kill(target, signal) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// The direct children of `pid` (from /proc), so a traced client can be signalled itself.
    static func children(of pid: Int32) -> [Int32] {
        let path = "/proc/\(pid)/task/\(pid)/children"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Kills the process if still running and removes its directory.
    func cleanUp() {
        for child in Self.children(of: process.processIdentifier) { kill(child, SIGKILL) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The socks address for curl: `127.0.0.1:PORT`.
    var socksAddress: String { "127.0.0.1:\(socksPort)" }
}
