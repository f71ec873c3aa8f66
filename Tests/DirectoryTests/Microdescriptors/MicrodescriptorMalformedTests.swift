import TorCore
import Testing
@testable import Directory

/// One case per microdescriptor failure, with the code, line and keyword it must report.
@Suite("Microdescriptors: malformed input")
struct MicrodescriptorMalformedTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let text: String
        let code: DirectoryError.Code
        let line: Int
        let keyword: String
        var description: String { name }
    }

    static let ntor = "ntor-onion-key 3WkQXvq8srIIrjkZ9W2x0dpIOaiqkIcFWox6e8mNyQ8\n"
    static let tap = "onion-key\n-----BEGIN RSA PUBLIC KEY-----\nMIGJAoGBALgrCSU+EwiasPxYsMbO/j5tbgrhOtweBlsQe2AdDEJT5/ob5DlIG6id\npztJZzmhxMx50kBvVav+3pNKffGbFGVmuWnw70xYQtC/h4x45aHfyll9jaiGtB1d\nms6rxHLUCPOz3jEdoUVucgiftiwbK3g2X/2pBJYU7y8hsXqGeFZ5AgMBAAE=\n-----END RSA PUBLIC KEY-----\n"

    static let cases: [Case] = [
        Case(name: "ntor key missing", text: tap + "p accept 80\n", code: .itemMissing, line: 1, keyword: "ntor-onion-key"),
        Case(name: "ntor key not base64", text: "ntor-onion-key 3WkQXvq8srIIrjkZ9W2x0dpIOaiqkIcFWox6e8mNyQ*\n",
             code: .valueMalformed, line: 1, keyword: "ntor-onion-key"),
        Case(name: "ntor key of 33 bytes", text: "ntor-onion-key 3WkQXvq8srIIrjkZ9W2x0dpIOaiqkIcFWox6e8mNyQ8A\n",
             code: .valueMalformed, line: 1, keyword: "ntor-onion-key"),
        Case(name: "ntor key with no argument", text: tap + "ntor-onion-key\n", code: .itemArguments, line: 7, keyword: "ntor-onion-key"),
        Case(name: "onion-key with an argument", text: tap.replacingOccurrences(of: "onion-key\n", with: "onion-key 1\n") + ntor,
             code: .itemArguments, line: 1, keyword: "onion-key"),
        Case(name: "onion-key without its key", text: "onion-key\n" + ntor, code: .itemObject, line: 1, keyword: "onion-key"),
        Case(name: "ed25519 identity repeated", text: ntor + "id ed25519 hqwyHGHmD8mTWCtff5assEjWvI1Y8tfZZYild7bvxcY\n"
                + "id ed25519 hqwyHGHmD8mTWCtff5assEjWvI1Y8tfZZYild7bvxcY\n",
             code: .itemRepeated, line: 3, keyword: "id"),
        Case(name: "ed25519 identity too short", text: ntor + "id ed25519 hqwyHGHmD8mTWCtff5assEjWvI1Y8tfZZYild7bvx\n",
             code: .valueMalformed, line: 2, keyword: "id"),
        Case(name: "p repeated", text: ntor + "p accept 80\np accept 443\n", code: .itemRepeated, line: 3, keyword: "p"),
        Case(name: "p with an unknown action", text: ntor + "p allow 80\n", code: .valueMalformed, line: 2, keyword: "p"),
        Case(name: "p with port 0", text: ntor + "p accept 0-80\n", code: .valueMalformed, line: 2, keyword: "p"),
        Case(name: "p with a reversed range", text: ntor + "p accept 80-79\n", code: .valueMalformed, line: 2, keyword: "p"),
        Case(name: "p with an empty entry", text: ntor + "p accept 80,,443\n", code: .valueMalformed, line: 2, keyword: "p"),
        Case(name: "p with a port above 65535", text: ntor + "p accept 65536\n", code: .valueMalformed, line: 2, keyword: "p"),
        Case(name: "p without ports", text: ntor + "p accept\n", code: .itemArguments, line: 2, keyword: "p"),
        Case(name: "p6 malformed", text: ntor + "p6 accept 1-2-3\n", code: .valueMalformed, line: 2, keyword: "p6"),
        Case(name: "family repeated", text: ntor + "family a\nfamily b\n", code: .itemRepeated, line: 3, keyword: "family"),
        Case(name: "pr malformed", text: ntor + "pr Link=5-4\n", code: .valueMalformed, line: 2, keyword: "pr"),
    ]

    @Test(arguments: cases)
    func reportsEachFailure(_ testCase: Case) {
        expectDirectoryError(testCase.code, line: testCase.line, keyword: testCase.keyword) {
            try Microdescriptor(parsing: Array(testCase.text.utf8))
        }
    }

    @Test func overlongPolicySummary() {
        let ports = (1...400).map { String($0 * 3) }.joined(separator: ",")
        expectDirectoryError(.valueMalformed, line: 2, keyword: "p") {
            try Microdescriptor(parsing: Array((Self.ntor + "p accept \(ports)\n").utf8))
        }
    }

    @Test func metaFormatErrorFailsTheWholeBatch() {
        expectDirectoryError(.objectUnterminated, line: 3, keyword: "onion-key") {
            try MicrodescriptorBatch(parsing: Array((Self.ntor + "onion-key\n-----BEGIN RSA PUBLIC KEY-----\n").utf8))
        }
    }
}
