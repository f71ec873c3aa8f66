import TorCore

/// The K=V fields of one "Guard" line of the state file (guard-spec A.5): every K is nonempty
/// and has no "=", every V is nonempty, no K twice, and their order does not matter.
struct GuardLineFields {
    /// Fields this client reads; any other K=V is kept verbatim.
    static let known: Set<String> = [
        "in", "rsa_id", "nickname", "sampled_on", "sampled_by", "unlisted_since", "listed",
        "confirmed_on", "confirmed_idx",
    ]

    let lineNumber: Int
    private var values: [String: Substring] = [:]
    private var unknown: [String] = []

    /// Splits the text after "Guard ".
    init(_ text: Substring, lineNumber: Int) throws(DirectoryError) {
        self.lineNumber = lineNumber
        for token in text.split(separator: " ") {
            guard let equals = token.firstIndex(of: "="), equals != token.startIndex,
                  token.index(after: equals) != token.endIndex
            else { throw fault("\"\(token)\" is not K=V") }
            let key = String(token[..<equals])
            let isKnown = Self.known.contains(key)
            let isRepeated = isKnown ? values[key] != nil : unknown.contains { $0.hasPrefix(key + "=") }
            guard !isRepeated else { throw fault("\"\(key)\" appears twice") }
            if isKnown { values[key] = token[token.index(after: equals)...] } else { unknown.append(String(token)) }
        }
    }

    /// The "in" field: which guard-state instance the line belongs to.
    var instance: Substring? { values["in"] }

    /// The sampled guard the line describes.
    func sampledGuard() throws(DirectoryError) -> SampledGuard {
        guard let hex = values["rsa_id"], hex.utf8.count == 2 * RelayFingerprint.byteCount,
              let identity = RelayFingerprint(hex: hex)
        else { throw fault("rsa_id is missing or not 40 hex digits") }
        let sampledOn = try requiredTime("sampled_on")
        let listed: Bool
        switch values["listed"] {
        case "1": listed = true
        case "0": listed = false
        default: throw fault("listed is missing or not 0 or 1")
        }
        var confirmedIndex: Int? = nil
        if let text = values["confirmed_idx"] {
            guard let index = Int(text), index >= 0 else { throw fault("confirmed_idx is not a non-negative number") }
            confirmedIndex = index
        }
        if let nickname = values["nickname"], !RouterStatus.isNickname(String(nickname)) {
            throw fault("nickname is not a relay nickname")
        }
        return SampledGuard(
            identity: identity, nickname: values["nickname"].map(String.init), sampledOn: sampledOn,
            sampledBy: values["sampled_by"].map(String.init), isListed: listed,
            unlistedSince: try optionalTime("unlisted_since"), confirmedOn: try optionalTime("confirmed_on"),
            confirmedIndex: confirmedIndex, unknownFields: unknown)
    }

    private func requiredTime(_ key: String) throws(DirectoryError) -> Int64 {
        guard let time = try optionalTime(key) else { throw fault("\(key) is missing") }
        return time
    }

    private func optionalTime(_ key: String) throws(DirectoryError) -> Int64? {
        guard let text = values[key] else { return nil }
        guard let time = GuardStateFile.unixSeconds(iso: text) else { throw fault("\(key) is not a date like 2016-11-29T19:39:31") }
        return time
    }

    private func fault(_ reason: String) -> DirectoryError {
        GuardStateFile.damaged("line \(lineNumber): \(reason)")
    }
}
