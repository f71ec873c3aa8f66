import TorCore

/// The `state` file in the DataDirectory, as far as guards go: one "Guard" line per sampled
/// guard in C tor's K=V form (guard-spec A.5), closed by a SHA-256 digest of everything before
/// it so that a damaged or truncated file is detected and never trusted.
///
/// Lines this client does not know, and Guard lines of other guard-state instances ("in=" not
/// "default"), are kept verbatim and written back, as guard-spec A.5 asks.
public struct GuardStateFile: Sendable, Equatable {
    /// The file name inside the DataDirectory.
    public static let fileName = "state"
    /// What "sampled_by" and "TorVersion" say for this client.
    public static let softwareVersion = "TorSwift"
    /// The guard-state instance this client uses (guard-spec 2.C).
    public static let defaultInstance = "default"
    /// Larger files are damaged: 60 guards take a few kilobytes.
    public static let maximumByteCount = 1 << 20

    /// The default instance's guards, in sample order.
    public var guards: [SampledGuard]
    /// Other lines, verbatim, in file order.
    public var otherLines: [String]

    /// A file holding `guards` and `otherLines`.
    public init(guards: [SampledGuard], otherLines: [String] = []) {
        self.guards = guards
        self.otherLines = otherLines
    }

    /// The file's bytes, stamped "LastWritten" at `writtenAt`; confirmed_idx is written from
    /// the confirmed order, 0 first.
    public func encoded(writtenAt: Int64) -> [UInt8] {
        var text = "# Guard state of \(Self.softwareVersion) (guard-spec A.5). Written atomically; a file whose\n"
            + "# Digest line does not match is set aside and guards are sampled anew. Do not edit.\n"
            + "TorVersion \(Self.softwareVersion)\n"
            + "LastWritten \(DirectoryTime.format(writtenAt))\n"
        for sampled in guards { text += Self.line(for: sampled) + "\n" }
        for line in otherLines { text += line + "\n" }
        let body = Array(text.utf8)
        return body + Array("Digest sha256=\(DirectoryHex.encode(Digest.sha256(body)))\n".utf8)
    }

    /// Reads a file that ``encoded(writtenAt:)`` wrote.
    ///
    /// - Throws: ``DirectoryError`` `dir.guard-state.damaged` naming the first fault: the
    ///   digest line missing or not matching, a Guard line without a required field or with a
    ///   malformed value, an identity twice, or a file too large.
    public init(decoding bytes: [UInt8]) throws(DirectoryError) {
        guard bytes.count <= Self.maximumByteCount else { throw Self.damaged("it is larger than \(Self.maximumByteCount) bytes") }
        guard let digestStart = Self.lastLineStart(bytes) else { throw Self.damaged("it is empty") }
        let body = Array(bytes[..<digestStart])
        let digestLine = String(decoding: bytes[digestStart...], as: UTF8.self)
        guard digestLine == "Digest sha256=\(DirectoryHex.encode(Digest.sha256(body)))\n" else {
            throw Self.damaged("its Digest line is missing or does not match its contents (the file was cut short or altered)")
        }
        guard let text = String(validating: body, as: UTF8.self) else { throw Self.damaged("it is not UTF-8 text") }
        var guards: [SampledGuard] = []
        var otherLines: [String] = []
        var seen: Set<RelayFingerprint> = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let number = offset + 1
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("TorVersion ") { continue }
            if line.hasPrefix("LastWritten ") {
                let parts = line.split(separator: " ")
                guard parts.count == 3, DirectoryTime.unixSeconds(date: String(parts[1]), time: String(parts[2])) != nil else {
                    throw Self.damaged("line \(number): LastWritten is not a time")
                }
                continue
            }
            guard line.hasPrefix("Guard ") else { otherLines.append(String(line)); continue }
            let fields = try GuardLineFields(line.dropFirst("Guard ".count), lineNumber: number)
            guard let instance = fields.instance else { throw Self.damaged("line \(number): a Guard line lacks \"in=\"") }
            guard instance == Self.defaultInstance else { otherLines.append(String(line)); continue }
            let sampled = try fields.sampledGuard()
            guard seen.insert(sampled.identity).inserted else { throw Self.damaged("line \(number): guard \(sampled.identity) appears twice") }
            guards.append(sampled)
        }
        self.init(guards: guards, otherLines: otherLines)
    }

    /// The Guard line of one sampled guard.
    static func line(for sampled: SampledGuard) -> String {
        var fields = ["in=\(defaultInstance)", "rsa_id=\(sampled.identity)"]
        if let nickname = sampled.nickname { fields.append("nickname=\(nickname)") }
        fields.append("sampled_on=\(isoTime(sampled.sampledOn))")
        if let sampledBy = sampled.sampledBy { fields.append("sampled_by=\(sampledBy)") }
        if let unlistedSince = sampled.unlistedSince { fields.append("unlisted_since=\(isoTime(unlistedSince))") }
        fields.append("listed=\(sampled.isListed ? 1 : 0)")
        if let confirmedOn = sampled.confirmedOn {
            fields.append("confirmed_on=\(isoTime(confirmedOn))")
            if let index = sampled.confirmedIndex { fields.append("confirmed_idx=\(index)") }
        }
        return "Guard " + (fields + sampled.unknownFields).joined(separator: " ")
    }

    /// guard-spec A.5 dates: ISO 8601 without spaces, "2016-11-29T19:39:31", UTC.
    static func isoTime(_ unixSeconds: Int64) -> String {
        String(DirectoryTime.format(unixSeconds).map { $0 == " " ? "T" : $0 })
    }

    /// Unix seconds of an ISO 8601 date as ``isoTime(_:)`` writes it.
    static func unixSeconds(iso text: Substring) -> Int64? {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return DirectoryTime.unixSeconds(date: String(parts[0]), time: String(parts[1]))
    }

    /// Where the last line begins, if the file ends with a newline.
    private static func lastLineStart(_ bytes: [UInt8]) -> Int? {
        guard bytes.last == UInt8(ascii: "\n") else { return bytes.isEmpty ? nil : 0 }
        let beforeFinalNewline = bytes.index(before: bytes.endIndex)
        return bytes[..<beforeFinalNewline].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    }

    static func damaged(_ reason: String) -> DirectoryError {
        DirectoryError(.guardStateDamaged, kind: .badInput, "The guard state file is damaged: \(reason)")
    }
}

extension DirectoryError.Code {
    /// The guard state file is not one this client wrote, or was damaged after.
    public static let guardStateDamaged: Self = "dir.guard-state.damaged"
    /// The guard state file could not be read or written.
    public static let guardStateIO: Self = "dir.guard-state.io"
}
