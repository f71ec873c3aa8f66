import Testing
import TorCore
@testable import Directory

@Suite("Microdescriptors (dir-spec 3.3)")
struct MicrodescriptorTests {
    static func batch() throws -> MicrodescriptorBatch {
        try MicrodescriptorBatch(parsing: Fixtures.bytes("microdescriptors"))
    }

    @Test func parsesABatchThatAnAuthorityServed() throws {
        let bytes = try Fixtures.bytes("microdescriptors")
        let batch = try MicrodescriptorBatch(parsing: bytes)
        #expect(batch.rejected.isEmpty)
        #expect(batch.descriptors.count == 8)
        #expect(batch.descriptors.map(\.lineNumber) == [1, 9, 17, 26, 34, 42, 50, 59])
        // Each keeps exactly its own bytes: together they are the response.
        #expect(batch.descriptors.flatMap(\.bytes) == bytes)
        let first = batch.descriptors[0]
        // SHA-256 of lines 1-8, as Python's hashlib computes it and as the consensus lists it.
        #expect(first.digest.base64 == "9rL8Zw9MW3qihaO+QSlqcbKcXT5LYuMwV2Ztmsixigw")
        #expect(hex(first.ntorOnionKey) == "dd69105efabcb2b208ae3919f56db1d1da4839a8aa9087055a8c7a7bc98dc90f")
        #expect(first.ed25519Identity.map(hex) == "86ac321c61e60fc993582b5f7f96acb048d6bc8d58f2d7d96588a577b6efc5c6")
        #expect(try RSAPublicKey(pkcs1DER: #require(first.tapOnionKeyDER)).bitCount == 1024)
        #expect(first.family.isEmpty && first.familyIdentities.isEmpty && first.protocols == nil)
        #expect(first.ipv4Policy == .rejectAll && first.ipv6Policy == .rejectAll)
        #expect(!first.ipv4Policy.allows(port: 80))
    }

    @Test func exitsSummariseTheirPolicy() throws {
        let exits = try Self.batch().descriptors.filter { $0.ipv4Policy != .rejectAll }
        #expect(exits.map(\.lineNumber) == [17, 50])
        for exit in exits {
            #expect(exit.ipv4Policy == PortPolicySummary(action: .accept, ranges: [1...65535]))
            #expect(exit.ipv4Policy.allows(port: 1) && exit.ipv4Policy.allows(port: 65535))
            #expect(!exit.ipv6Policy.allows(port: 80))
        }
    }

    @Test func matchesEveryDigestOfTheConsensus() throws {
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        let matched = try Self.batch().matched(against: consensus.microdescriptorDigests)
        #expect(Set(matched.keys) == consensus.microdescriptorDigests)
        for router in consensus.routers {
            #expect(matched[router.microdescriptorDigest]?.digest == router.microdescriptorDigest)
        }
    }

    @Test func alteredMicrodescriptorIsRejectedByDigest() throws {
        // One character of exit1's ntor key changed: still a valid key, but not what was asked for.
        let text = try Fixtures.text("microdescriptors")
        let bytes = replacing("ntor-onion-key IbkfPPAG3IGOpGLD7V/RcY7Xr2/2XR6R9182BS2bERM",
                              with: "ntor-onion-key IbkfPPAG3IGOpGLD7V/RcY7Xr2/2XR6R9182BS2bERN", in: text)
        let batch = try MicrodescriptorBatch(parsing: bytes)
        #expect(batch.descriptors.count == 8)
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        expectDirectoryError(.microdescriptorUnexpected) {
            try batch.matched(against: consensus.microdescriptorDigests)
        }
    }

    @Test func unrequestedMicrodescriptorIsRejected() throws {
        let batch = try Self.batch()
        let requested = Set(batch.descriptors.dropFirst().map(\.digest))
        expectDirectoryError(.microdescriptorUnexpected) {
            try batch.matched(against: requested)
        }
    }

    @Test func missingMicrodescriptorsAreLeftToTheCaller() throws {
        let batch = try Self.batch()
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        let firstTwo = try MicrodescriptorBatch(
            parsing: Array(batch.descriptors[0].bytes + batch.descriptors[1].bytes)
        )
        let matched = try firstTwo.matched(against: consensus.microdescriptorDigests)
        #expect(matched.count == 2)
        #expect(consensus.microdescriptorDigests.subtracting(matched.keys).count == 6)
    }

    static let ntorKey = "3WkQXvq8srIIrjkZ9W2x0dpIOaiqkIcFWox6e8mNyQ8"
    static let edKey = "hqwyHGHmD8mTWCtff5assEjWvI1Y8tfZZYild7bvxcY"

    @Test func parsesEveryOptionalLine() throws {
        let text = """
            ntor-onion-key \(Self.ntorKey)=
            a [2001:db8::1]:9001
            family $0123456789ABCDEF0123456789ABCDEF01234567 otherrelay
            family-ids ed25519:hqwyHGHmD8mTWCtff5assEjWvI1Y8tfZZYild7bvxcY
            p reject 25,119,135-139,445,563,1214,4661-4666,6346-6429,6699,6881-6999
            p6 accept 80,443
            id rsa1024 AAAAAAAAAAAAAAAAAAAAAAAAAAA
            id ed25519 \(Self.edKey)
            id x-future whatever
            pr Link=4-5 Relay=2-4\n
            """
        let descriptor = try Microdescriptor(parsing: Array(text.utf8))
        #expect(descriptor.tapOnionKeyDER == nil)
        #expect(hex(descriptor.ntorOnionKey) == "dd69105efabcb2b208ae3919f56db1d1da4839a8aa9087055a8c7a7bc98dc90f")
        #expect(descriptor.additionalAddresses == ["[2001:db8::1]:9001"])
        #expect(descriptor.family == ["$0123456789ABCDEF0123456789ABCDEF01234567", "otherrelay"])
        #expect(descriptor.familyIdentities == ["ed25519:hqwyHGHmD8mTWCtff5assEjWvI1Y8tfZZYild7bvxcY"])
        #expect(descriptor.ipv4Policy.description == "reject 25,119,135-139,445,563,1214,4661-4666,6346-6429,6699,6881-6999")
        #expect(!descriptor.ipv4Policy.allows(port: 137) && descriptor.ipv4Policy.allows(port: 80))
        #expect(descriptor.ipv6Policy.allows(port: 443) && !descriptor.ipv6Policy.allows(port: 22))
        #expect(descriptor.ed25519Identity.map(hex) == "86ac321c61e60fc993582b5f7f96acb048d6bc8d58f2d7d96588a577b6efc5c6")
        #expect(descriptor.protocols?.description == "Link=4-5 Relay=2-4")
        #expect(descriptor.digest.bytes == Digest.sha256(Array(text.utf8)))
    }

    @Test func splitsMicrodescriptorsWithoutTAPKeys() throws {
        let text = "ntor-onion-key \(Self.ntorKey)\nid ed25519 \(Self.edKey)\n"
            + "ntor-onion-key \(Self.ntorKey)\np accept 443\n"
        let batch = try MicrodescriptorBatch(parsing: Array(text.utf8))
        #expect(batch.descriptors.count == 2)
        #expect(batch.descriptors[1].lineNumber == 3)
        #expect(batch.descriptors[1].ipv4Policy.allows(port: 443))
        #expect(batch.descriptors.flatMap(\.bytes) == Array(text.utf8))
    }

    @Test func aBadMicrodescriptorDoesNotSpoilTheBatch() throws {
        let text = try Fixtures.text("microdescriptors")
        let bytes = replacing("ntor-onion-key r3HTwl1FQs0J+y5NzdZVKObd3yHfmlhkOPuytlYFMU8",
                              with: "ntor-onion-key r3HTwl1FQs0J+y5NzdZVKObd3yHfmlhkOPuytlYFMU", in: text)
        let batch = try MicrodescriptorBatch(parsing: bytes)
        #expect(batch.descriptors.count == 7)
        let rejected = try #require(batch.rejected.first)
        #expect(batch.rejected.count == 1)
        #expect(rejected.error.code == .valueMalformed)
        #expect(rejected.error.location == DirectoryError.DocumentLocation(line: 15, keyword: "ntor-onion-key"))
        // The rejected one's digest is of its received bytes, so it still must have been requested.
        let consensus = try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc"))
        expectDirectoryError(.microdescriptorUnexpected) { try batch.matched(against: consensus.microdescriptorDigests) }
    }
}
