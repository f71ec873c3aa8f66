import ArgumentParser
import ControlPort

/// `torctl streams`: the client's open streams with their circuit and destination.
struct Streams: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the running client's streams.")

    @OptionGroup var connection: ControlConnectionOptions

    /// One stream in `streams --json`.
    struct Entry: Encodable {
        var id: String
        var status: String
        var circuit_id: String
        var target: String
    }

    func run() async throws {
        try await ManagementSession.run(connection) { client, _ in
            let entries = try Self.entries(try await client.getInfo(["stream-status"])["stream-status"])
            if connection.json {
                print(try TextOutput.json(entries))
            } else if entries.isEmpty {
                print("No streams.")
            } else {
                print(TextOutput.table(["ID", "STATUS", "CIRCUIT", "TARGET"], entries.map { [$0.id, $0.status, $0.circuit_id, $0.target] }))
            }
        }
    }

    /// The streams of a `stream-status` value: `ID STATUS CIRCID host:port` (control-spec §3.9).
    static func entries(_ value: String?) throws -> [Entry] {
        try Status.lines(value).map { text in
            let line = try ControlStatusLine(text)
            return Entry(
                id: line[position: 0] ?? "", status: line[position: 1] ?? "", circuit_id: line[position: 2] ?? "",
                target: line[position: 3] ?? "")
        }
    }
}
