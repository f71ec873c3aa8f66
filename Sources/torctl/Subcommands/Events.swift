import ArgumentParser
import ControlPort
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// `torctl events [KIND…]`: subscribes with SETEVENTS (control-spec §3.4) and prints events as
/// they arrive until Ctrl-C, the client closing the connection, or `--count` events.
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow the client's events (CIRC STREAM STATUS_CLIENT NOTICE WARN unless KINDs are given) until Ctrl-C.")

    /// What is followed without arguments.
    static let defaultKinds = ["CIRC", "STREAM", "STATUS_CLIENT", "NOTICE", "WARN"]

    @OptionGroup var connection: ControlConnectionOptions

    @Argument(help: "Event kinds: CIRC STREAM BW STATUS_CLIENT DEBUG INFO NOTICE WARN ERR.")
    var kinds: [String] = []

    @Option(name: .customLong("count"), help: "Exit after this many events.")
    var count: Int?

    /// One event in `events --json`, printed one per line.
    struct Entry: Encodable {
        var event: String
        var body: String
    }

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let kinds = (self.kinds.isEmpty ? Self.defaultKinds : self.kinds).map { $0.uppercased() }
        let interrupt = Self.exitOnInterrupt()
        defer { interrupt.cancel() }
        try await ManagementSession.run(connection) { client, _ in
            try await client.call("SETEVENTS " + kinds.joined(separator: " "))
            var seen = 0
            for await event in client.events {
                print(connection.json
                    ? try TextOutput.jsonLine(Entry(event: event.kind.rawValue, body: event.body))
                    : event.body.isEmpty ? event.kind.rawValue : event.kind.rawValue + " " + event.body)
                fflushStandardOutput()
                seen += 1
                if let count, seen >= count { return }
            }
            throw TorctlFailure(.notRunning, "The client closed the control connection (it may have stopped).")
        }
    }

    /// Ctrl-C is how one stops following: exit 0 with the printed lines flushed, not die of
    /// the signal.
    static func exitOnInterrupt() -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            fflushStandardOutput()
            Glibc.exit(TorctlExitCode.success.rawValue)
        }
        source.resume()
        return source
    }
}
