import Foundation
import Testing

/// A running `torctl run` whose torrc the test rewrites on disk (never a signal), with the
/// outside views a user has of it: its log, its control port through stem
/// (`Scripts/reload_probe.py`), its TCP connections to relays (from /proc) and SOCKS fetches.
final class ReloadHarness: @unchecked Sendable {
    let network: TestNetworkInfo
    let client: TorctlProcess
    /// The options the test sets, in the order they were first set; rewritten whole on each edit.
    private(set) var options: [(name: String, value: String)]
    /// Two more SOCKS listeners sharing `SessionGroup=1`, for `IsolateClientPort`.
    let groupPorts: [Int]
    let events: ReloadEventLog
    private var monitor: Process?

    static let probeScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Scripts/reload_probe.py").path

    /// The torrc lines every version of the file has besides the options under test.
    static func fixedLines(groupPorts: [Int]) -> [String] {
        ["TorrcPollInterval 1"] + groupPorts.map { "SocksPort 127.0.0.1:\($0) SessionGroup=1" }
    }

    init(network: TestNetworkInfo, options: [(String, String)]) throws {
        self.network = network
        self.options = options.map { (name: $0.0, value: $0.1) }
        // All four ports at once, so the group's ports and the client's own cannot coincide.
        let ports = try TorctlProcess.freePorts(4)
        groupPorts = Array(ports[2...])
        let extra = (Self.fixedLines(groupPorts: groupPorts) + options.map { "\($0.0) \($0.1)" }).joined(separator: "\n")
        client = try TorctlProcess(network: network, extra: extra, ports: Array(ports[..<2]))
        events = ReloadEventLog(path: client.directory.appendingPathComponent("events.jsonl").path)
    }

    // MARK: The torrc

    /// The whole torrc text with the options as they stand, plus `trailing` lines at the end.
    func torrcText(trailing: [String] = []) -> String {
        let extra = (Self.fixedLines(groupPorts: groupPorts) + options.map { "\($0.name) \($0.value)" } + trailing)
            .joined(separator: "\n")
        return TorctlProcess.torrc(
            network: network, dataDirectory: client.dataDirectory, socksPort: client.socksPort,
            controlPort: client.controlPort, extra: extra)
    }

    /// Writes `text` over the torrc as an editor does (a new file renamed over the old one).
    func writeTorrc(_ text: String) throws {
        try text.write(toFile: client.torrcPath, atomically: true, encoding: .utf8)
    }

    /// Sets `name` to `value` in the file and waits (bounded) for the client's
    /// "Reloaded torrc …: name old -> new" line; returns the output offset after it.
    @discardableResult
    func edit(_ name: String, _ value: String, timeout: Duration = .seconds(10)) async throws -> Int {
        set(name, value)
        let offset = outputSize
        try writeTorrc(torrcText())
        let line = try await waitForLine(after: offset, timeout: timeout) { $0.contains("Reloaded torrc") && $0.contains("\(name) ") }
        return offset + line.endOffset
    }

    /// Sets `name` to `value` for the next write of the file.
    func set(_ name: String, _ value: String) {
        if let index = options.firstIndex(where: { $0.name == name }) {
            options[index].value = value
        } else {
            options.append((name, value))
        }
    }

    // MARK: The log

    /// Bytes of standard output so far.
    var outputSize: Int {
        ((try? FileManager.default.attributesOfItem(atPath: client.stdoutPath))?[.size] as? Int) ?? 0
    }

    /// Standard output from byte `offset` on (read without loading what came before).
    func output(after offset: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: client.stdoutPath) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// The first line after `offset` that `matches`, with the offset of its end; throws with the
    /// output since `offset` when none comes within `timeout` or the client exits.
    func waitForLine(
        after offset: Int, timeout: Duration, _ matches: (Substring) -> Bool
    ) async throws -> (text: String, endOffset: Int) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = output(after: offset)
            var position = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                position += line.utf8.count + 1
                if matches(line) { return (String(line), position) }
            }
            guard client.process.isRunning else {
                throw TestNetworkError("torctl exited (\(client.process.terminationStatus)); output:\n\(text.suffix(4000))\n\(client.errorOutput)")
            }
            guard ContinuousClock.now < deadline else {
                throw TestNetworkError("no matching log line within \(timeout); output since:\n\(text.suffix(4000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    // MARK: The control port (stem)

    /// Starts recording CIRC and STREAM events and waits until the recorder is subscribed.
    func startMonitor() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.probeScript, "monitor", "--control", "\(client.controlPort)", "--out", events.path,
                             "--max-seconds", "900"]
        let errors = client.directory.appendingPathComponent("monitor.err").path
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        monitor = process
        let deadline = ContinuousClock.now + .seconds(30)
        while !events.records().contains(where: { $0.kind == "READY" }) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
                throw TestNetworkError("the stem event monitor did not start: \(text)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The probe's JSON answer for `arguments`, bounded in time.
    func probe(_ arguments: [String], timeout: Int = 90) async throws -> [String: Any] {
        let all = [Self.probeScript] + arguments
        let output = try await OffThread.run {
            try SocksClientProcess.run("/usr/bin/python3", all, timeout: .seconds(timeout))
        }
        guard output.status == 0, let data = output.stdout.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw TestNetworkError("reload_probe.py \(arguments.first ?? "") failed (\(output.status)): \(output.stderr)")
        }
        return object
    }

    /// GETINFO `key` (nil when the client does not know it).
    func getInfo(_ key: String) async throws -> String? {
        try await probe(["getinfo", "--control", "\(client.controlPort)", key])[key] as? String
    }

    /// SIGNAL `name` (NEWNYM).
    func signal(_ name: String) async throws {
        _ = try await probe(["signal", "--control", "\(client.controlPort)", name])
    }

    /// The circuits GETINFO circuit-status lists: ID, status and path fingerprints.
    func circuits() async throws -> [ControlCircuit] {
        let text = try await getInfo("circuit-status") ?? ""
        return text.split(separator: "\n").compactMap(ControlCircuit.init)
    }

    /// Built circuits that never carried a stream (the pool's clean circuits).
    func cleanCircuits() async throws -> [String] {
        let used = events.circuitsThatCarriedStreams()
        return try await circuits().filter { $0.status == "BUILT" && !used.contains($0.id) }.map(\.id)
    }

    /// Polls `condition` every 250 ms until it holds or `timeout` passes; returns whether it held.
    func eventually(within timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await condition() { return true }
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    func stopMonitor() {
        if let monitor, monitor.isRunning {
            kill(monitor.processIdentifier, SIGKILL)
            monitor.waitUntilExit()
        }
    }
}

/// One line of GETINFO circuit-status: `ID STATUS [PATH] KEY=VALUE…`.
struct ControlCircuit: Sendable {
    let id: String
    let status: String
    /// Fingerprints (40 hex), guard first.
    let path: [String]

    init?(_ line: Substring) {
        let words = line.split(separator: " ")
        guard words.count >= 2 else { return nil }
        id = String(words[0])
        status = String(words[1])
        let hops = words.count > 2 && !words[2].contains("=") ? words[2].split(separator: ",") : []
        path = hops.map { hop in String(hop.dropFirst(hop.hasPrefix("$") ? 1 : 0).prefix(40)) }
    }
}
