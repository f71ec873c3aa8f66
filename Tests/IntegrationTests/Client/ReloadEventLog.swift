import Foundation

/// The CIRC and STREAM events stem received from the client, as `reload_probe.py monitor`
/// writes them: one JSON object per line, each with the local time it arrived.
struct ReloadEventLog: Sendable {
    let path: String

    /// One recorded event.
    struct Record: Sendable {
        /// `CIRC`, `STREAM` or `READY` (the recorder subscribed).
        let kind: String
        /// The circuit's or stream's ID.
        let id: String
        let status: String
        /// For a stream, the circuit carrying it.
        let circuit: String?
        /// For a stream, `host:port`.
        let target: String?
        let reason: String?
        /// For a circuit, the fingerprints of its hops.
        let path: [String]
        /// Unix seconds when it arrived.
        let time: Double
        /// Its position in the file.
        let index: Int
    }

    /// Every event so far, in arrival order.
    func records() -> [Record] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var result: [Record] = []
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let kind = object["kind"] as? String else { continue }
            result.append(Record(
                kind: kind, id: object["id"] as? String ?? "", status: object["status"] as? String ?? "",
                circuit: object["circuit"] as? String, target: object["target"] as? String,
                reason: object["reason"] as? String, path: object["path"] as? [String] ?? [],
                time: object["t"] as? Double ?? 0, index: result.count))
        }
        return result
    }

    /// How many events there are now: events after this mark are newer.
    var mark: Int { records().count }

    /// Circuit events since `mark`, optionally only with `status`.
    func circuitEvents(since mark: Int, status: String? = nil) -> [Record] {
        records().dropFirst(mark).filter { $0.kind == "CIRC" && (status == nil || $0.status == status) }
    }

    /// The circuit of the first stream to `target` that succeeded (or was sent) after `mark`.
    func streamCircuit(since mark: Int, target: String) -> String? {
        let streams = records().dropFirst(mark).filter { $0.kind == "STREAM" && $0.target == target }
        let attached = streams.first { ($0.status == "SUCCEEDED" || $0.status == "SENTCONNECT") && $0.circuit != nil && $0.circuit != "0" }
        return attached?.circuit
    }

    /// Every circuit that ever carried a stream: such a circuit is no longer clean.
    func circuitsThatCarriedStreams() -> Set<String> {
        Set(records().filter { $0.kind == "STREAM" }.compactMap(\.circuit).filter { $0 != "0" })
    }

    /// The path of circuit `id` from its BUILT event.
    func path(ofCircuit id: String) -> [String] {
        records().last { $0.kind == "CIRC" && $0.id == id && !$0.path.isEmpty }?.path ?? []
    }
}
