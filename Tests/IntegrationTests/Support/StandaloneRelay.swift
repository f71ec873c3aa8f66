import Foundation
import NIOCore
import NIOPosix

/// One real tor relay (Debian's `tor`, 0.4.9) on a loopback ORPort, alone: no directory
/// authorities, no consensus, no circuits. Enough to speak TLS and the link handshake with
/// (tor-spec §2, §4); the full private network is TestNetwork's job.
///
/// The relay dies with the test process (`__OwningControllerProcess`, which tor polls), and
/// ``stop()`` ends it earlier by its PID. Nothing leaves loopback: the only configured directory authority is a
/// dead loopback port, so the relay never learns of the public network.
final class StandaloneRelay {
    struct StartupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The relay's ORPort on 127.0.0.1.
    let orPort: Int
    /// The temporary data directory (keys, state, `notice.log`), removed by ``stop()``.
    let dataDirectory: URL
    private let process: Process

    /// Log line tor writes once the ORPort listens. Connections accepted before its keys exist
    /// simply wait: tor finishes start-up before it serves them.
    private static func readyLine(port: Int) -> String {
        "Opened OR listener connection (ready) on 127.0.0.1:\(port)"
    }

    /// The smallest torrc found to run a relay that accepts TLS and the link handshake on
    /// loopback while never contacting anything else.
    private static func torrc(dataDirectory: URL, orPort: Int) -> String {
        """
        DataDirectory \(dataDirectory.path)
        ORPort 127.0.0.1:\(orPort)
        SocksPort 0
        PublishServerDescriptor 0
        AssumeReachable 1
        DirAuthority unreachable orport=1 no-v2 v3ident=\(String(repeating: "0", count: 40)) 127.0.0.1:1 \(String(repeating: "0", count: 40))
        GeoIPFile /nonexistent
        GeoIPv6File /nonexistent
        ExitRelay 0
        ContactInfo tests@localhost
        Log notice file \(dataDirectory.appendingPathComponent("notice.log").path)
        __OwningControllerProcess \(getpid())

        """
    }

    /// Starts a relay and waits (at most `timeout`) until its ORPort listens.
    static func start(timeout: Duration = .seconds(30)) async throws -> StandaloneRelay {
        guard let tor = ["/usr/bin/tor", "/usr/sbin/tor", "/usr/local/bin/tor"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw StartupError(description: "tor is not installed (apt-get install tor)") }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("torswift-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let port = try await freeLoopbackPort()
        let torrcFile = directory.appendingPathComponent("torrc")
        try torrc(dataDirectory: directory, orPort: port).write(to: torrcFile, atomically: true, encoding: .utf8)
        let emptyDefaults = directory.appendingPathComponent("torrc-defaults")
        try "".write(to: emptyDefaults, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: tor)
        process.arguments = ["-f", torrcFile.path, "--defaults-torrc", emptyDefaults.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let relay = StandaloneRelay(orPort: port, dataDirectory: directory, process: process)
        do {
            try await relay.waitForLog(containing: readyLine(port: port), timeout: timeout)
        } catch {
            relay.stop()
            throw error
        }
        return relay
    }

    private init(orPort: Int, dataDirectory: URL, process: Process) {
        self.orPort = orPort
        self.dataDirectory = dataDirectory
        self.process = process
    }

    deinit { stop() }

    /// The relay's log so far, for assertions and failure messages.
    var log: String {
        (try? String(contentsOf: dataDirectory.appendingPathComponent("notice.log"), encoding: .utf8)) ?? ""
    }

    /// Polls the log every 100 ms until a line contains `text`; fails at `timeout` or if tor exits.
    func waitForLog(containing text: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if log.contains(text) { return }
            guard process.isRunning else {
                throw StartupError(description: "tor exited (status \(process.terminationStatus)) before logging '\(text)':\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StartupError(description: "tor did not log '\(text)' within \(timeout):\n\(log)")
    }

    /// Ends the relay by its PID and removes its files.
    ///
    /// SIGKILL, not SIGTERM: a child started by Foundation's `Process` from the test runner
    /// inherits a signal mask that blocks SIGTERM and SIGINT (seen in /proc/PID/status), so tor
    /// never sees them. A throwaway relay loses nothing by dying at once.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(10_000) }
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// A port nothing listens on right now: bind port 0 on loopback, read it, close.
    private static func freeLoopbackPort() async throws -> Int {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = listener.localAddress?.port
        try await listener.close()
        guard let port else { throw StartupError(description: "could not find a free loopback port") }
        return port
    }
}
