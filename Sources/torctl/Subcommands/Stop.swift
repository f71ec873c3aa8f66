import ArgumentParser
import ControlPort

/// `torctl stop`: SIGNAL SHUTDOWN (graceful), or HALT with `--now` (control-spec §3.7).
struct Stop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the running client (gracefully unless --now).")

    @OptionGroup var connection: ControlConnectionOptions

    @Flag(name: .customLong("now"), help: "Stop at once (SIGNAL HALT) instead of gracefully (SIGNAL SHUTDOWN).")
    var now = false

    func run() async throws {
        let signal = now ? "HALT" : "SHUTDOWN"
        try await ManagementSession.run(connection) { client, _ in
            do {
                try await client.call("SIGNAL " + signal)
            } catch let error as ControlPortError where error.code == .connectionClosed {
                // The client may close the connection as it exits, before its reply is read.
            }
            print(connection.json ? try TextOutput.json(SignalResult(signal: signal, ok: true)) : "The client is stopping (\(signal)).")
        }
    }
}
