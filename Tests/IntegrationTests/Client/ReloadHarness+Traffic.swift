import Foundation
import Testing

/// What the harness sees of the client's traffic: a SOCKS fetch and the circuit that carried
/// it, and the client's TCP connections to relays.
extension ReloadHarness {
    /// How one fetch went.
    struct Fetch: Sendable {
        let status: Int
        let sha256: String?
        /// The circuit stem reported for the stream (nil if no STREAM event named one).
        let circuit: String?
        let error: String?
    }

    /// One HTTP GET through the SOCKS listener on `socksPort` (the main one by default) with
    /// `protocol` (`socks5`, `socks4a`) and an optional SOCKS username, then the circuit the
    /// client attached it to. Fetches run one at a time, so the first new stream to the target
    /// is this fetch's.
    func fetch(
        user: String? = nil, socksPort: Int? = nil, protocol dialect: String = "socks5",
        host: String? = nil, port: Int? = nil, path: String = "/small"
    ) async throws -> Fetch {
        let host = host ?? network.http.address
        let port = port ?? network.http.port
        let mark = events.mark
        var arguments = ["fetch", "--socks", "127.0.0.1:\(socksPort ?? client.socksPort)", "--protocol", dialect,
                         "--host", host, "--port", "\(port)", "--path", path]
        if let user { arguments += ["--user", user] }
        let answer = try await probe(arguments)
        let target = "\(host):\(port)"
        var circuit: String?
        _ = try await eventually(within: .seconds(5)) {
            circuit = events.streamCircuit(since: mark, target: target)
            return circuit != nil
        }
        return Fetch(
            status: answer["status"] as? Int ?? 0, sha256: answer["sha256"] as? String, circuit: circuit,
            error: answer["error"] as? String)
    }

    /// A fetch that must succeed and name its circuit; records an issue and throws otherwise.
    func fetchCircuit(
        _ label: String, user: String? = nil, socksPort: Int? = nil, protocol dialect: String = "socks5",
        host: String? = nil, port: Int? = nil, path: String = "/small"
    ) async throws -> String {
        let result = try await fetch(user: user, socksPort: socksPort, protocol: dialect, host: host, port: port, path: path)
        guard result.status == 200, let circuit = result.circuit else {
            throw TestNetworkError("\(label): fetch failed or named no circuit: status \(result.status) \(result.error ?? "")")
        }
        return circuit
    }

    /// The client's established TCP connections to `relay`'s ORPort, as local ports (from
    /// /proc/net/tcp rows whose socket inode the client's process holds).
    func connections(to relay: TestNetworkInfo.Relay) -> Set<Int> {
        let pid = client.process.processIdentifier
        var inodes: Set<String> = []
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        for descriptor in descriptors {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)"),
                  target.hasPrefix("socket:[") else { continue }
            inodes.insert(String(target.dropFirst(8).dropLast()))
        }
        var ports: Set<Int> = []
        for row in TorctlExitFailureTests.readProcFile("/proc/net/tcp").split(separator: "\n").dropFirst() {
            let fields = row.split(separator: " ")
            guard fields.count > 9, fields[3] == "01", inodes.contains(String(fields[9])),
                  let remote = fields[2].split(separator: ":").last, Int(remote, radix: 16) == relay.orPort,
                  let local = fields[1].split(separator: ":").last, let localPort = Int(local, radix: 16)
            else { continue }
            ports.insert(localPort)
        }
        return ports
    }

    /// The relay with RSA fingerprint `fingerprint`.
    func relay(_ fingerprint: String) -> TestNetworkInfo.Relay? {
        network.relays.first { $0.rsaFingerprint.uppercased() == fingerprint.uppercased() }
    }
}
