import ArgumentParser
import ControlPort

/// `torctl status`: one screen about the running client: bootstrap progress bar, uptime,
/// circuits, streams, traffic, circuit breakers and whether its torrc was accepted.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the running client's bootstrap progress, uptime, circuits, streams, traffic and breakers.")

    @OptionGroup var connection: ControlConnectionOptions

    /// The keys C tor and this client both answer, asked in one GETINFO.
    static let keys = [
        "version", "uptime", "status/bootstrap-phase", "status/circuit-established", "circuit-status", "stream-status",
        "traffic/read", "traffic/written", "config-file", "net/listeners/socks",
    ]
    /// This client's own keys, asked one by one so that `status` also works against C tor,
    /// which answers 552 for them.
    static let ownKeys = ["resilience/breakers", "torrc/status"]

    /// The JSON shape of `status --json`.
    struct Report: Encodable {
        struct Bootstrap: Encodable { var progress: Int; var tag: String; var summary: String }
        struct Circuits: Encodable { var total: Int; var built: Int }
        struct Traffic: Encodable { var read: UInt64; var written: UInt64 }
        struct Breaker: Encodable { var name: String; var state: String; var failures: Int }

        var version: String
        var uptime_seconds: Int
        var bootstrap: Bootstrap
        var circuit_established: Bool
        var circuits: Circuits
        var streams: Int
        var traffic: Traffic
        var breakers: [Breaker]
        var torrc: TorrcReport
        var socks_listeners: [String]
    }

    func run() async throws {
        try await ManagementSession.run(connection) { client, _ in
            var values = try await client.getInfo(Self.keys)
            for key in Self.ownKeys {
                let reply = try await client.send("GETINFO " + key)
                if reply.isSuccess, let value = reply.keyedValues.first(where: { $0.key == key })?.value { values[key] = value }
            }
            let report = try Self.report(values)
            print(connection.json ? try TextOutput.json(report) : Self.text(report))
        }
    }

    /// The report from GETINFO values.
    static func report(_ values: [String: String]) throws -> Report {
        let bootstrap = try ControlStatusLine(values["status/bootstrap-phase"] ?? "")
        let circuits = try lines(values["circuit-status"]).map { try ControlStatusLine($0) }
        let breakers = try lines(values["resilience/breakers"]).map { line -> Report.Breaker in
            let parsed = try ControlStatusLine(line)
            return Report.Breaker(
                name: parsed[position: 0] ?? "", state: parsed[position: 1] ?? "unknown",
                failures: Int(parsed.fields["FAILURES"] ?? "") ?? 0)
        }
        let torrc = try values["torrc/status"].map { try ControlStatusLine($0) }
        let listeners = try ControlStatusLine(values["net/listeners/socks"] ?? "").positional
        return Report(
            version: values["version"] ?? "",
            uptime_seconds: Int(values["uptime"] ?? "") ?? 0,
            bootstrap: Report.Bootstrap(
                progress: Int(bootstrap.fields["PROGRESS"] ?? "") ?? 0, tag: bootstrap.fields["TAG"] ?? "",
                summary: bootstrap.fields["SUMMARY"] ?? ""),
            circuit_established: values["status/circuit-established"] == "1",
            circuits: Report.Circuits(total: circuits.count, built: circuits.filter { $0[position: 1] == "BUILT" }.count),
            streams: lines(values["stream-status"]).count,
            traffic: Report.Traffic(read: UInt64(values["traffic/read"] ?? "") ?? 0, written: UInt64(values["traffic/written"] ?? "") ?? 0),
            breakers: breakers,
            torrc: TorrcReport(
                path: values["config-file"] ?? "", accepted: torrc.map { $0[position: 0] == "accepted" },
                message: torrc?[position: 1]),
            socks_listeners: listeners)
    }

    /// The human form.
    static func text(_ report: Report) -> String {
        let building = report.circuits.total - report.circuits.built
        let breakers = report.breakers.isEmpty
            ? "none" : report.breakers.map { "\($0.name) \($0.state)" + ($0.failures > 0 ? " (\($0.failures) failures)" : "") }.joined(separator: ", ")
        let torrc = switch report.torrc.accepted {
        case true?: "\(report.torrc.path) (accepted)"
        case false?: "\(report.torrc.path) (REJECTED: \(report.torrc.message ?? "no reason given"))"
        case nil: "\(report.torrc.path) (acceptance not reported)"
        }
        let rows = [
            ["Client", "\(report.version), up \(TextOutput.duration(seconds: report.uptime_seconds))"],
            ["Bootstrap", TextOutput.progressBar(progress: report.bootstrap.progress, tag: report.bootstrap.tag) + " " + report.bootstrap.summary],
            ["Circuits", "\(report.circuits.built) built, \(building) other"],
            ["Streams", "\(report.streams) open"],
            ["Traffic", "\(TextOutput.bytes(report.traffic.read)) read, \(TextOutput.bytes(report.traffic.written)) written"],
            ["Breakers", breakers],
            ["Torrc", torrc],
            ["SOCKS", report.socks_listeners.isEmpty ? "none" : report.socks_listeners.joined(separator: ", ")],
        ]
        return rows.map { TextOutput.padded($0[0], to: 11) + $0[1] }.joined(separator: "\n")
    }

    /// Non-empty lines of a multi-line value.
    static func lines(_ value: String?) -> [String] {
        (value ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
