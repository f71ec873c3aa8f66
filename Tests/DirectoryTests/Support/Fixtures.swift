import TorCore
import Foundation
import Testing
@testable import Directory

/// Real documents fetched from the private test network's authority auth1 (tor 0.4.9.11,
/// 3 authorities + 5 relays on 127.0.0.1), saved in Fixtures/:
/// - consensus-microdesc.txt: /tor/status-vote/current/consensus-microdesc
/// - keys-all.txt: /tor/keys/all (certificates made by tor-gencert)
/// - microdescriptors.txt: /tor/micro/d/<every digest in the consensus>
///
/// The expected values below were read from those files and computed independently of this
/// module with Python's hashlib, base64 and calendar.timegm.
enum Fixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"),
            "fixture \(name).txt is missing"
        )
        return Array(try Data(contentsOf: url))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static let auth1 = "81B9D1535649C7265EDCDFE3939706A2EBDD871E"
    static let auth2 = "719D7F590886B74A49393E6C91C69CB17465E0E8"
    static let auth3 = "AEB800D853E63AF10005000A9A539D486133F483"

    /// SHA-1 of each authority's signing key (hashlib over the base64-decoded PEM body).
    static let signingKeyDigests = [
        auth1: "855DF351F2C888BF3608F8DC30371A423A10D6C7",
        auth2: "E6C020EE0BEDBC88AFCEB8414E4B548BF680232F",
        auth3: "B8C20420B03E52D60F15DE6734795C45E91610FA",
    ]

    /// valid-after / fresh-until / valid-until of the consensus, Unix seconds.
    static let validAfter: Int64 = 1_795_400_278
    static let freshUntil: Int64 = 1_795_400_338
    static let validUntil: Int64 = 1_795_400_878
    /// A moment when the consensus and every certificate are valid.
    static let now: Int64 = validAfter + 30

    /// SHA-256 of the consensus from its start through "directory-signature " (hashlib); the
    /// openssl CLI's `pkeyutl -verifyrecover` with auth2's signing key recovers these bytes.
    static let consensusSignedDigest = "a607d7915b0d27c96dec35dfb6fa18f283d0124f1f371c196af5e83525739f0e"

    static func authorities() throws -> [AuthorityIdentity] {
        [try AuthorityIdentity(hex: auth1), try AuthorityIdentity(hex: auth2), try AuthorityIdentity(hex: auth3)]
    }

    static func verifiedCertificates() throws -> [VerifiedAuthorityKeyCertificate] {
        try AuthorityKeyCertificate.parseAll(bytes("keys-all")).map {
            try $0.verified(atUnixTime: now, clockSkewAllowance: 0)
        }
    }
}

/// Runs `body` and checks that it throws a ``DirectoryError`` with `code` and, when given, at
/// document `line` with `keyword`.
func expectDirectoryError<Result>(
    _ code: DirectoryError.Code, line: Int? = nil, keyword: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Result
) {
    do {
        _ = try body()
        Issue.record("expected \(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DirectoryError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let line { #expect(error.location?.line == line, "\(error)", sourceLocation: sourceLocation) }
        if let keyword { #expect(error.location?.keyword == keyword, "\(error)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected DirectoryError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

/// `text` with the one occurrence of `old` replaced by `new`; records an issue if `old` does
/// not occur exactly once, so a stale mutation cannot silently test nothing.
func replacing(
    _ old: String, with new: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation
) -> [UInt8] {
    let count = text.components(separatedBy: old).count - 1
    #expect(count == 1, "\"\(old)\" occurs \(count) times", sourceLocation: sourceLocation)
    return Array(text.replacingOccurrences(of: old, with: new).utf8)
}

/// 1-based number of the first line of `text` that starts with `prefix`.
func lineNumber(of prefix: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .firstIndex { $0.hasPrefix(prefix) }
        .map { $0 + 1 }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
