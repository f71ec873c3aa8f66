import TorCore
import Testing
@testable import Directory

/// One mutation of the real consensus per failure, with the code, line and keyword it must
/// report. Lines are found in the text by their prefix, independently of the parser.
@Suite("Microdesc consensus: malformed input")
struct MicrodescConsensusMalformedTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let old: String
        let new: String
        let code: DirectoryError.Code
        /// Prefix of the line the error must name, in the mutated text.
        let linePrefix: String
        let keyword: String?
        var description: String { name }
    }

    static let exit1 = "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmF0 2038-01-01 00:00:00 127.0.0.1 17332 0"
    static let exit1Digest = "m tORpk/H3lIeLcJVvU9PgElvJINMUL+ub0TfAfeIzGhk"

    static let cases: [Case] = [
        Case(name: "ns flavour", old: "network-status-version 3 microdesc\n", new: "network-status-version 3\n",
             code: .consensusFlavor, linePrefix: "network-status-version", keyword: "network-status-version"),
        Case(name: "version 4", old: "network-status-version 3 microdesc", new: "network-status-version 4 microdesc",
             code: .consensusVersion, linePrefix: "network-status-version", keyword: "network-status-version"),
        Case(name: "a vote", old: "vote-status consensus", new: "vote-status vote",
             code: .consensusNotConsensus, linePrefix: "vote-status", keyword: "vote-status"),
        Case(name: "item before network-status-version", old: "network-status-version 3 microdesc\n",
             new: "x-first 1\nnetwork-status-version 3 microdesc\n",
             code: .itemPosition, linePrefix: "network-status-version", keyword: "network-status-version"),
        Case(name: "known-flags missing", old: "known-flags Authority Exit Fast Guard HSDir NoEdConsensus Running Stable StaleDesc Sybil V2Dir Valid\n",
             new: "", code: .itemMissing, linePrefix: "network-status-version", keyword: "known-flags"),
        Case(name: "valid-after repeated", old: "fresh-until ", new: "valid-after 2026-11-23 02:17:58\nfresh-until ",
             code: .itemRepeated, linePrefix: "valid-after 2026-11-23 02:17:58\nfresh", keyword: "valid-after"),
        Case(name: "impossible time", old: "valid-until 2026-11-23 02:27:58", new: "valid-until 2026-11-23 24:27:58",
             code: .valueMalformed, linePrefix: "valid-until", keyword: "valid-until"),
        Case(name: "valid-until before fresh-until", old: "valid-until 2026-11-23 02:27:58", new: "valid-until 2026-11-23 02:18:00",
             code: .consensusTimes, linePrefix: "valid-until", keyword: "valid-until"),
        Case(name: "consensus-method with extra argument", old: "consensus-method 35", new: "consensus-method 35 36",
             code: .itemArguments, linePrefix: "consensus-method", keyword: "consensus-method"),
        Case(name: "consensus-method not a number", old: "consensus-method 35", new: "consensus-method +35",
             code: .valueMalformed, linePrefix: "consensus-method", keyword: "consensus-method"),
        Case(name: "params not Keyword=Int32", old: "known-flags ", new: "params a=1 b=2147483648\nknown-flags ",
             code: .valueMalformed, linePrefix: "params", keyword: "params"),
        Case(name: "params with a repeated key", old: "known-flags ", new: "params a=1 a=2\nknown-flags ",
             code: .valueMalformed, linePrefix: "params", keyword: "params"),
        Case(name: "protocol version above 63", old: "required-client-protocols Cons=2", new: "required-client-protocols Cons=64",
             code: .valueMalformed, linePrefix: "required-client-protocols", keyword: "required-client-protocols"),
        Case(name: "dir-source identity not hex", old: "dir-source auth1 81B9D1535649C7265EDCDFE3939706A2EBDD871E",
             new: "dir-source auth1 81B9D1535649C7265EDCDFE3939706A2EBDD871G",
             code: .valueMalformed, linePrefix: "dir-source auth1", keyword: "dir-source"),
        Case(name: "dir-source port out of range", old: "127.0.0.1 127.0.0.1 26409 22004", new: "127.0.0.1 127.0.0.1 26409 65536",
             code: .valueMalformed, linePrefix: "dir-source auth1", keyword: "dir-source"),
        Case(name: "header item among the authorities", old: "vote-digest FA0711FEFED60E15B27C8E3A703361AEF26FEED5\n",
             new: "vote-digest FA0711FEFED60E15B27C8E3A703361AEF26FEED5\nknown-flags Exit\n",
             code: .itemPosition, linePrefix: "known-flags Exit\n", keyword: "known-flags"),
        Case(name: "router identity not base64", old: "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmF0", new: "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmF!",
             code: .valueMalformed, linePrefix: "r exit1", keyword: "r"),
        Case(name: "router identity of 19 bytes", old: "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmF0", new: "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmA",
             code: .valueMalformed, linePrefix: "r exit1", keyword: "r"),
        Case(name: "nickname too long", old: "r exit1 ", new: "r exit1exit1exit1exit1 ",
             code: .valueMalformed, linePrefix: "r exit1", keyword: "r"),
        Case(name: "address not IPv4", old: exit1, new: "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmF0 2038-01-01 00:00:00 127.0.0.256 17332 0",
             code: .valueMalformed, linePrefix: "r exit1", keyword: "r"),
        Case(name: "r line too short", old: exit1, new: "r exit1 IH8TsiG0gRXbxevBjgGvJyMDmF0 2038-01-01 00:00:00 127.0.0.1 17332",
             code: .itemArguments, linePrefix: "r exit1", keyword: "r"),
        Case(name: "m line missing", old: exit1Digest + "\n", new: "",
             code: .itemMissing, linePrefix: "r exit1", keyword: "m"),
        Case(name: "m digest too short", old: exit1Digest, new: "m tORpk/H3lIeLcJVvU9PgElvJINMUL+ub0TfAfeIzGh",
             code: .valueMalformed, linePrefix: "m tORpk", keyword: "m"),
        Case(name: "s line repeated", old: exit1Digest + "\n", new: exit1Digest + "\ns Exit\n",
             code: .itemRepeated, linePrefix: "s Exit Fast HSDir Running V2Dir Valid", keyword: "s"),
        Case(name: "w without Bandwidth", old: "w Bandwidth=1000\nr exit2", new: "w Measured=1000\nr exit2",
             code: .valueMalformed, linePrefix: "w Measured", keyword: "w"),
        Case(name: "w bandwidth above 2^32-1", old: "w Bandwidth=1000\nr exit2", new: "w Bandwidth=4294967296\nr exit2",
             code: .valueMalformed, linePrefix: "w Bandwidth=4294967296", keyword: "w"),
        Case(name: "authority item among the routers", old: exit1Digest + "\n", new: exit1Digest + "\ncontact someone\n",
             code: .itemPosition, linePrefix: "contact someone", keyword: "contact"),
        Case(name: "routers out of order",
             old: "r auth1 Gvx9yFmfKgx8Wif5z/2W+EFx6zY", new: "r auth1 qM7QK7uLlb0BIF4lDbr6AwSZ1KZ",
             code: .consensusRouterOrder, linePrefix: "r exit1", keyword: "r"),
        Case(name: "directory-footer missing", old: "directory-footer\n", new: "",
             code: .itemMissing, linePrefix: "directory-signature sha256 AEB8", keyword: "directory-footer"),
        Case(name: "directory-footer with an argument", old: "directory-footer\n", new: "directory-footer now\n",
             code: .itemArguments, linePrefix: "directory-footer", keyword: "directory-footer"),
        Case(name: "router item in the footer", old: "bandwidth-weights", new: "m abc\nbandwidth-weights",
             code: .itemPosition, linePrefix: "m abc", keyword: "m"),
        Case(name: "signature identity not hex",
             old: "directory-signature sha256 AEB800D853E63AF10005000A9A539D486133F483",
             new: "directory-signature sha256 AEB800D853E63AF10005000A9A539D486133F48",
             code: .valueMalformed, linePrefix: "directory-signature sha256 AEB8", keyword: "directory-signature"),
        Case(name: "signature with too few arguments",
             old: "directory-signature sha256 AEB800D853E63AF10005000A9A539D486133F483 B8C20420B03E52D60F15DE6734795C45E91610FA",
             new: "directory-signature AEB800D853E63AF10005000A9A539D486133F483",
             code: .itemArguments, linePrefix: "directory-signature AEB8", keyword: "directory-signature"),
        Case(name: "signature without object",
             old: "-----BEGIN SIGNATURE-----\nD7v2UU4Wl8c08mJ8DqYWn37fpwLbwDzX/pn3pZ2rbRYuqb9aa6RkGO7ItfmWDkaw\nUMSQ32WVks4tosR46IXbugU6vzohFXAs4G8pSeL89dTmYhZW66m8oKuf88xwRJWq\n6XfVN6XzqkOGPhYWUyjRviZLDm1CaJsnzWiS2ZLuLFxbRzPJqWLa9hKohC45zN1w\nafqaZ0rm+ihVf62rF1jDvyCOeJfvLUr9LQLtNQnDAKmHDjq3hEgMeTlingwqHIfG\nmRBxkdwSPBReJFfutvq/9h606FTXZ/kcCQ0DDmAEjI/W8T4fzdAAjionizzc+TnO\nsdxE6Q+yiIp2oXA7WdZ24A==\n-----END SIGNATURE-----\n",
             new: "", code: .itemObject, linePrefix: "directory-signature sha256 AEB8", keyword: "directory-signature"),
        Case(name: "item after the signatures", old: "sdxE6Q+yiIp2oXA7WdZ24A==\n-----END SIGNATURE-----\n",
             new: "sdxE6Q+yiIp2oXA7WdZ24A==\n-----END SIGNATURE-----\nx-unsigned 1\n",
             code: .itemPosition, linePrefix: "x-unsigned", keyword: "x-unsigned"),
        Case(name: "cut inside the last signature", old: "sdxE6Q+yiIp2oXA7WdZ24A==\n-----END SIGNATURE-----\n",
             new: "sdxE6Q+yiIp2oXA7WdZ24A==\n", code: .objectUnterminated, linePrefix: "-----BEGIN SIGNATURE-----\nD7v2", keyword: "directory-signature"),
    ]

    @Test(arguments: cases)
    func reportsEachFailure(_ testCase: Case) throws {
        let text = try Fixtures.text("consensus-microdesc")
        let bytes = replacing(testCase.old, with: testCase.new, in: text)
        let mutated = String(decoding: bytes, as: UTF8.self)
        let line = try #require(Self.line(of: testCase.linePrefix, in: mutated), "\(testCase.linePrefix) not found")
        expectDirectoryError(testCase.code, line: line, keyword: testCase.keyword) {
            try MicrodescConsensus(parsing: bytes)
        }
    }

    /// The line where `prefix` (which may span lines) starts.
    static func line(of prefix: String, in text: String) -> Int? {
        guard let range = text.range(of: "\n" + prefix) else {
            return text.hasPrefix(prefix) ? 1 : nil
        }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 2
    }

    @Test func noAuthoritySection() throws {
        let text = try Fixtures.text("consensus-microdesc")
        let start = try #require(text.range(of: "dir-source auth2"))
        let end = try #require(text.range(of: "r auth1 "))
        let bytes = Array((text[..<start.lowerBound] + text[end.lowerBound...]).utf8)
        expectDirectoryError(.itemMissing, line: 15, keyword: "dir-source") {
            try MicrodescConsensus(parsing: bytes)
        }
    }

    @Test func emptyDocument() {
        expectDirectoryError(.itemMissing, line: 1, keyword: "directory-footer") {
            try MicrodescConsensus(parsing: [])
        }
    }
}
