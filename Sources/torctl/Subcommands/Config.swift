import ArgumentParser
import ControlPort

/// `torctl config get|set`: GETCONF and SETCONF (control-spec §3.1, §3.3) on the running
/// client; a reloadable option set here takes effect at once.
struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read or change the running client's configuration.",
        subcommands: [Get.self, Set.self])

    /// `torctl config get NAME…`.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the current values of options.")

        @OptionGroup var connection: ControlConnectionOptions

        @Argument(help: "Option names, e.g. MaxCircuitDirtiness SocksPort.")
        var names: [String]

        func validate() throws {
            if names.isEmpty { throw ValidationError("name at least one option, e.g. torctl config get MaxCircuitDirtiness") }
            if let bad = names.first(where: { $0.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" }) }) {
                throw ValidationError("\(bad) is not an option name")
            }
        }

        func run() async throws {
            try await ManagementSession.run(connection) { client, _ in
                let reply = try await client.call("GETCONF " + names.joined(separator: " "))
                var order: [String] = []
                var values: [String: [String]] = [:]
                for line in reply.lines where line.text != "OK" || reply.lines.count == 1 {
                    let parts = line.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = String(parts[0])
                    if values[name] == nil { order.append(name); values[name] = [] }
                    if parts.count == 2 { values[name]!.append(String(parts[1])) }
                }
                if connection.json {
                    print(try TextOutput.json(values))
                } else {
                    for name in order {
                        let list = values[name]!
                        print(list.isEmpty ? "\(name) (not set)" : list.map { "\(name) \($0)" }.joined(separator: "\n"))
                    }
                }
            }
        }
    }

    /// `torctl config set NAME=VALUE… [--save]`.
    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change options on the running client (all or nothing).")

        @OptionGroup var connection: ControlConnectionOptions

        @Argument(help: "Changes as NAME=VALUE (NAME= clears the option).")
        var changes: [String]

        @Flag(name: .customLong("save"), help: "Also write the running configuration to the torrc (SAVECONF).")
        var save = false

        /// The JSON of `config set --json`.
        struct Result: Encodable {
            var changed: [String: String]
            var saved: Bool
        }

        func validate() throws {
            if changes.isEmpty { throw ValidationError("give at least one NAME=VALUE, e.g. torctl config set MaxCircuitDirtiness=300") }
            for change in changes {
                guard let equals = change.firstIndex(of: "="), equals != change.startIndex,
                      !change[..<equals].contains(where: { $0 == " " || $0 == "\"" }) else {
                    throw ValidationError("\(change) is not NAME=VALUE")
                }
            }
        }

        func run() async throws {
            let pairs = changes.map { change -> (String, String) in
                let equals = change.firstIndex(of: "=")!
                return (String(change[..<equals]), String(change[change.index(after: equals)...]))
            }
            try await ManagementSession.run(connection) { client, _ in
                let arguments = pairs.map { $0.1.isEmpty ? $0.0 : $0.0 + "=" + ControlArgumentParser.quote($0.1) }
                try await client.call("SETCONF " + arguments.joined(separator: " "))
                if save { try await client.call("SAVECONF") }
                if connection.json {
                    print(try TextOutput.json(Result(changed: Dictionary(pairs, uniquingKeysWith: { $1 }), saved: save)))
                } else {
                    for (name, value) in pairs { print(value.isEmpty ? "Cleared \(name)." : "Set \(name) to \(value).") }
                    if save { print("Saved the configuration to the torrc.") }
                }
            }
        }
    }
}
