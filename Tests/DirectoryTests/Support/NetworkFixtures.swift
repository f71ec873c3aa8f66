import Foundation
import Testing
import TorCore
@testable import Directory

/// Network views for path and guard tests: the real private-network documents of Fixtures/,
/// optionally edited, and synthetic relays.
enum NetworkFixtures {
    /// The verified consensus and its microdescriptors, joined.
    static func realView() throws -> NetworkView {
        try view(consensusText: Fixtures.text("consensus-microdesc"), microdescriptors: microdescriptors())
    }

    /// The fixture's microdescriptors by digest.
    static func microdescriptors() throws -> [MicrodescriptorDigest: Microdescriptor] {
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        return try MicrodescriptorBatch(parsing: Fixtures.bytes("microdescriptors")).matched(against: consensus.microdescriptorDigests)
    }

    /// A view of `consensusText`. Unedited text is verified against the real authority
    /// signatures; edited text cannot be, so it is wrapped as verified directly (the tests of
    /// this file are about path selection, and signature checks have their own suite).
    static func view(consensusText: String, microdescriptors: [MicrodescriptorDigest: Microdescriptor]) throws -> NetworkView {
        let consensus = try MicrodescConsensus(parsing: Array(consensusText.utf8))
        let verified: VerifiedMicrodescConsensus
        if consensusText == (try Fixtures.text("consensus-microdesc")) {
            verified = try consensus.verified(
                authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
                atUnixTime: Fixtures.now, clockSkewAllowance: 0)
        } else {
            verified = VerifiedMicrodescConsensus(consensus: consensus, signatureStatuses: [])
        }
        return NetworkView(consensus: verified, microdescriptors: microdescriptors)
    }

    /// The real view with the microdescriptors of the named relays rewritten (for example a
    /// different "p" line), and the consensus "m" lines changed to the new digests so that
    /// consensus and microdescriptors still match.
    static func realView(editingMicrodescriptorsOf edits: [String: (String) -> String]) throws -> NetworkView {
        var consensusText = try Fixtures.text("consensus-microdesc")
        var descriptors = try microdescriptors()
        let consensus = try MicrodescConsensus(parsing: Array(consensusText.utf8))
        for (nickname, edit) in edits {
            let status = try #require(consensus.routers.first { $0.nickname == nickname })
            let original = try #require(descriptors[status.microdescriptorDigest])
            let originalText = String(decoding: original.bytes, as: UTF8.self)
            let editedText = edit(originalText)
            #expect(editedText != originalText, "the edit of \(nickname) changed nothing")
            let edited = try Microdescriptor(parsing: Array(editedText.utf8))
            descriptors[status.microdescriptorDigest] = nil
            descriptors[edited.digest] = edited
            consensusText = String(decoding: replacing(
                "m \(status.microdescriptorDigest.base64)\n", with: "m \(edited.digest.base64)\n", in: consensusText), as: UTF8.self)
        }
        return try view(consensusText: consensusText, microdescriptors: descriptors)
    }

    /// The relay of `view` called `nickname`.
    static func relay(_ nickname: String, in view: NetworkView) throws -> Relay {
        try #require(view.relays.first { $0.nickname == nickname }, "no relay \(nickname)")
    }

    /// The flags every usable circuit relay carries.
    static let circuitFlags: RouterFlags = [.running, .valid, .fast, .stable, .v2Dir]

    /// A synthetic relay numbered `number`: its own /16 unless `address` says otherwise, an
    /// identity of repeated `number` bytes (so that distinct numbers never collide).
    static func relay(
        _ number: Int, flags: RouterFlags, bandwidth: UInt32? = 1000, address: IPv4Address? = nil,
        family: Set<RelayFingerprint> = [], familyIdentities: Set<String> = [],
        exitPolicy: PortPolicySummary? = nil
    ) -> Relay {
        let identityByte = UInt8(truncatingIfNeeded: number)
        let highByte = UInt8(truncatingIfNeeded: number >> 8)
        let fingerprint = RelayFingerprint(hex: String(repeating: hexByte(highByte) + hexByte(identityByte), count: 10))!
        return Relay(
            nickname: "relay\(number)", rsaIdentity: fingerprint,
            ed25519Identity: [UInt8](repeating: identityByte, count: 30) + [highByte, 0xED],
            address: address ?? IPv4Address(UInt8(10 + number / 256), UInt8(number % 256), 0, 1),
            orPort: 9001, flags: flags, bandwidth: bandwidth,
            ntorOnionKey: [UInt8](repeating: identityByte, count: 32),
            family: family, familyIdentities: familyIdentities,
            exitPolicy: exitPolicy ?? (flags.contains(.exit) ? PortPolicySummary(action: .accept, ranges: [1...65535]) : .rejectAll))
    }

    /// The fingerprint ``relay(_:flags:bandwidth:address:family:familyIdentities:exitPolicy:)`` gives `number`.
    static func fingerprint(_ number: Int) -> RelayFingerprint {
        relay(number, flags: []).rsaIdentity
    }

    /// A view of `relays` valid around `now`, with `weights`.
    static func syntheticView(_ relays: [Relay], weights: [String: Int32] = [:], now: Int64 = Fixtures.now) -> NetworkView {
        NetworkView(
            relays: relays, bandwidthWeights: BandwidthWeights(weights: weights),
            validAfter: now - 600, freshUntil: now + 3_000, validUntil: now + 10_800)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// Draws `count` values from `body`, counting each.
func tally<Key: Hashable>(_ count: Int, _ body: () throws -> Key) rethrows -> [Key: Int] {
    var counts: [Key: Int] = [:]
    for _ in 0..<count { counts[try body(), default: 0] += 1 }
    return counts
}
