/// Whether the running client accepted its torrc, as `status --json` and `reload --json` print it.
struct TorrcReport: Encodable {
    var path: String
    /// Nil (null) when the client does not report it (C tor).
    var accepted: Bool?
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
