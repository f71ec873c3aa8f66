import ArgumentParser
import ControlPort

/// `torctl newnym`: SIGNAL NEWNYM (control-spec §3.7): new streams use new circuits.
struct Newnym: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make new connections use new circuits (a new identity).")

    @OptionGroup var connection: ControlConnectionOptions

    func run() async throws {
        try await ManagementSession.run(connection) { client, _ in
            try await client.call("SIGNAL NEWNYM")
            print(connection.json
                ? try TextOutput.json(SignalResult(signal: "NEWNYM", ok: true))
                : "New connections will use new circuits.")
        }
    }
}

/// The JSON of the signal subcommands.
struct SignalResult: Encodable {
    var signal: String
    var ok: Bool
}
