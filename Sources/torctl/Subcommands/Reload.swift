import ArgumentParser
import ControlPort

/// `torctl reload`: SIGNAL RELOAD (control-spec §3.7), then reports whether the client accepted
/// the torrc on disk; a rejected torrc exits with code 3 and the reason.
struct Reload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the client reread its torrc, and report whether it was accepted.")

    @OptionGroup var connection: ControlConnectionOptions

    /// The JSON of `reload --json`.
    struct Result: Encodable {
        var path: String
        var accepted: Bool
        var message: String?

        /// `message` is written as null rather than left out, so the keys never change.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(accepted, forKey: .accepted)
            try container.encode(message, forKey: .message)
        }

        private enum CodingKeys: String, CodingKey { case path, accepted, message }
    }

    func run() async throws {
        try await ManagementSession.run(connection) { client, _ in
            try await client.call("SIGNAL RELOAD")
            let values = try await client.getInfo(["config-file", "torrc/status"])
            let status = try ControlStatusLine(values["torrc/status"] ?? "")
            let result = Result(path: values["config-file"] ?? "", accepted: status[position: 0] == "accepted", message: status[position: 1])
            if connection.json {
                print(try TextOutput.json(result))
            } else if result.accepted {
                print("Reloaded \(result.path): accepted.")
            }
            if !result.accepted {
                throw TorctlFailure(
                    .refused, "The client rejected \(result.path) and keeps its previous configuration: \(result.message ?? "no reason given"). Check it with: torctl verify-config -f \(result.path)")
            }
        }
    }
}
