import ArgumentParser
import ControlPort

/// `torctl reload`: SIGNAL RELOAD (control-spec §3.7), then reports whether the client accepted
/// the torrc on disk; a rejected torrc exits with code 3 and the reason.
struct Reload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the client reread its torrc, and report whether it was accepted.")

    @OptionGroup var connection: ControlConnectionOptions

    func run() async throws {
        try await ManagementSession.run(connection) { client, _ in
            try await client.call("SIGNAL RELOAD")
            let path = try await client.getInfo(["config-file"])["config-file"] ?? ""
            // torrc/status is this client's own key; C tor answers 552 and then we cannot tell.
            let reply = try await client.send("GETINFO torrc/status")
            let status = try reply.keyedValues.first(where: { $0.key == "torrc/status" }).map { try ControlStatusLine($0.value) }
            let result = TorrcReport(path: path, accepted: status.map { $0[position: 0] == "accepted" }, message: status?[position: 1])
            if connection.json {
                print(try TextOutput.json(result))
            } else if result.accepted == true {
                print("Reloaded \(result.path): accepted.")
            } else if result.accepted == nil {
                print("Asked the client to reload \(result.path); it does not report whether it accepted it.")
            }
            if result.accepted == false {
                throw TorctlFailure(
                    .refused, "The client rejected \(result.path) and keeps its previous configuration: \(result.message ?? "no reason given"). Check it with: torctl verify-config -f \(result.path)")
            }
        }
    }
}
