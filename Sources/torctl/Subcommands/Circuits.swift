import ArgumentParser
import ControlPort

/// `torctl circuits`: the client's circuits with status, purpose, creation time and path.
struct Circuits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the running client's circuits.")

    @OptionGroup var connection: ControlConnectionOptions

    /// One circuit in `circuits --json`.
    struct Entry: Encodable {
        struct Hop: Encodable {
            var fingerprint: String
            var nickname: String?

            /// A missing nickname is written as null, so the keys never change.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(fingerprint, forKey: .fingerprint)
                try container.encode(nickname, forKey: .nickname)
            }

            private enum CodingKeys: String, CodingKey { case fingerprint, nickname }
        }

        var id: String
        var status: String
        var path: [Hop]
        var purpose: String?
        var build_flags: [String]
        var time_created: String?

        /// Missing fields are written as null, so the keys never change.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(status, forKey: .status)
            try container.encode(path, forKey: .path)
            try container.encode(purpose, forKey: .purpose)
            try container.encode(build_flags, forKey: .build_flags)
            try container.encode(time_created, forKey: .time_created)
        }

        private enum CodingKeys: String, CodingKey { case id, status, path, purpose, build_flags, time_created }
    }

    func run() async throws {
        try await ManagementSession.run(connection) { client, _ in
            let entries = try Self.entries(try await client.getInfo(["circuit-status"])["circuit-status"])
            if connection.json {
                print(try TextOutput.json(entries))
            } else if entries.isEmpty {
                print("No circuits.")
            } else {
                let rows = entries.map { entry in
                    [entry.id, entry.status, entry.purpose ?? "", entry.time_created ?? "",
                     entry.path.map { $0.nickname ?? "$" + $0.fingerprint }.joined(separator: " > ")]
                }
                print(TextOutput.table(["ID", "STATUS", "PURPOSE", "CREATED", "PATH"], rows))
            }
        }
    }

    /// The circuits of a `circuit-status` value (control-spec §4.1.1 layout).
    static func entries(_ value: String?) throws -> [Entry] {
        try Status.lines(value).map { text in
            let line = try ControlStatusLine(text)
            let path = line[position: 2].map(ControlStatusLine.path) ?? []
            return Entry(
                id: line[position: 0] ?? "", status: line[position: 1] ?? "",
                path: path.map { Entry.Hop(fingerprint: $0.fingerprint, nickname: $0.nickname) },
                purpose: line.fields["PURPOSE"],
                build_flags: line.fields["BUILD_FLAGS"].map { $0.split(separator: ",").map(String.init) } ?? [],
                time_created: line.fields["TIME_CREATED"])
        }
    }
}
