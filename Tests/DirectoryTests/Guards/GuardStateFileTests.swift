import Testing
import TorCore
@testable import Directory

/// The state file: C tor's "Guard" line format (guard-spec A.5) sealed with a SHA-256 line.
@Suite("Guard state file (guard-spec A.5)")
struct GuardStateFileTests {
    static let writtenAt: Int64 = 1_795_400_308  // 2026-11-23 02:18:28

    static let guards = [
        SampledGuard(identity: RelayFingerprint(hex: "9E0A44B2BC573848D8D6F9B09B95CA0A6F233887")!, nickname: "relay1",
                     sampledOn: 1_794_000_000, sampledBy: "TorSwift", confirmedOn: 1_794_500_000, confirmedIndex: 0,
                     unknownFields: ["pb_use_attempts=3.000000", "pb_circ_successes=2.000000"]),
        SampledGuard(identity: RelayFingerprint(hex: "A8CED02BBB8B95BD01205E250DBAFA030499D4A6")!, sampledOn: 1_794_100_000,
                     isListed: false, unlistedSince: 1_795_000_000),
    ]

    /// The exact text of a file holding ``guards``: the digest line was computed with
    /// `sha256sum` over the lines before it.
    static let expectedBody = """
        # Guard state of TorSwift (guard-spec A.5). Written atomically; a file whose
        # Digest line does not match is set aside and guards are sampled anew. Do not edit.
        TorVersion TorSwift
        LastWritten 2026-11-23 02:18:28
        Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 nickname=relay1 sampled_on=2026-11-06T21:20:00 sampled_by=TorSwift listed=1 confirmed_on=2026-11-12T16:13:20 confirmed_idx=0 pb_use_attempts=3.000000 pb_circ_successes=2.000000
        Guard in=default rsa_id=A8CED02BBB8B95BD01205E250DBAFA030499D4A6 sampled_on=2026-11-08T01:06:40 unlisted_since=2026-11-18T11:06:40 listed=0
        Guard in=restricted rsa_id=89899EDA5D4BC0ABA962467649B3F4AE620E4C0B sampled_on=2026-11-10T23:46:40 listed=1
        CircuitBuildTimeBin 250 3

        """

    /// `body` with the Digest line `encoded(writtenAt:)` would add.
    static func sealed(_ body: String) -> [UInt8] { sealed(Array(body.utf8)) }

    static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        bytes + Array("Digest sha256=\(DirectoryHex.encode(Digest.sha256(bytes)))\n".utf8)
    }

    @Test func writesCTorStyleGuardLinesAndReadsThemBack() throws {
        let file = GuardStateFile(guards: Self.guards, otherLines: [
            "Guard in=restricted rsa_id=89899EDA5D4BC0ABA962467649B3F4AE620E4C0B sampled_on=2026-11-10T23:46:40 listed=1",
            "CircuitBuildTimeBin 250 3",
        ])
        let bytes = file.encoded(writtenAt: Self.writtenAt)
        #expect(String(decoding: bytes, as: UTF8.self) == Self.expectedBody
            + "Digest sha256=5237E4D6EC9E83A2C1901524E0A2ADEDEE6DD9744874C5660C0C783963D49CE9\n")
        let decoded = try GuardStateFile(decoding: bytes)
        #expect(decoded == file)
        #expect(decoded.encoded(writtenAt: Self.writtenAt) == bytes)
    }

    @Test func readsFieldsInAnyOrder() throws {
        let body = "Guard listed=1 sampled_on=2026-11-06T21:20:00 rsa_id=9e0a44b2bc573848d8d6f9b09b95ca0a6f233887 in=default\n"
        let file = try GuardStateFile(decoding: Self.sealed(body))
        #expect(file.guards.map(\.identity) == [Self.guards[0].identity])
        #expect(file.guards[0].sampledOn == 1_794_000_000 && file.guards[0].isListed && file.guards[0].confirmedOn == nil)
    }

    static let goodLine = "Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 sampled_on=2026-11-09T20:00:00 listed=1"

    @Test(arguments: [
        ("Guard in=default sampled_on=2026-11-09T20:00:00 listed=1", "rsa_id"),
        ("Guard in=default rsa_id=9E0A44 sampled_on=2026-11-09T20:00:00 listed=1", "rsa_id"),
        ("Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F23388Z sampled_on=2026-11-09T20:00:00 listed=1", "rsa_id"),
        ("Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 listed=1", "sampled_on"),
        ("Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 sampled_on=2026-11-09 listed=1", "sampled_on"),
        ("Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 sampled_on=2026-02-30T20:00:00 listed=1", "sampled_on"),
        ("Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 sampled_on=2026-11-09T20:00:00", "listed"),
        ("Guard in=default rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 sampled_on=2026-11-09T20:00:00 listed=yes", "listed"),
        ("Guard rsa_id=9E0A44B2BC573848D8D6F9B09B95CA0A6F233887 sampled_on=2026-11-09T20:00:00 listed=1", "in="),
        (goodLine + " confirmed_idx=-1", "confirmed_idx"),
        (goodLine + " confirmed_on=never", "confirmed_on"),
        (goodLine + " nickname=bad_nick", "nickname"),
        (goodLine + " listed=0", "twice"),
        (goodLine + " pb_x=1 pb_x=2", "twice"),
        (goodLine + " orphan", "K=V"),
        (goodLine + " =value", "K=V"),
        (goodLine + " key=", "K=V"),
        (goodLine + "\n" + goodLine, "appears twice"),
        ("LastWritten yesterday", "LastWritten"),
    ])
    func aMalformedLineMakesTheFileDamaged(line: String, mentioning: String) {
        let error = #expect(throws: DirectoryError.self) { try GuardStateFile(decoding: Self.sealed(line + "\n")) }
        #expect(error?.code == .guardStateDamaged)
        #expect(error?.reason.contains(mentioning) == true, "\(error?.reason ?? "")")
    }

    @Test func aFileWhoseDigestDoesNotMatchIsDamaged() {
        let bytes = GuardStateFile(guards: Self.guards).encoded(writtenAt: Self.writtenAt)
        var altered = bytes
        let index = altered.firstIndex(of: UInt8(ascii: "9"))!
        altered[index] = UInt8(ascii: "8")
        var notUTF8 = Array("# comment\n".utf8)
        notUTF8[3] = 0xFF
        let cases: [(String, [UInt8])] = [
            ("one byte changed", altered),
            ("cut short mid-line", Array(bytes.dropLast(30))),
            ("cut short at a line end", Array(bytes[...bytes[..<(bytes.count - 1)].lastIndex(of: UInt8(ascii: "\n"))!])),
            ("no final newline", Array(bytes.dropLast())),
            ("empty", []),
            ("a line after the digest", bytes + Array("Guard in=default\n".utf8)),
            ("not UTF-8 under a matching digest", Self.sealed(notUTF8)),
            ("too large", Self.sealed(String(repeating: "#\n", count: GuardStateFile.maximumByteCount / 2 + 1))),
        ]
        for (label, damaged) in cases {
            let error = #expect(throws: DirectoryError.self, "\(label)") { try GuardStateFile(decoding: damaged) }
            #expect(error?.code == .guardStateDamaged, "\(label)")
        }
    }
}
