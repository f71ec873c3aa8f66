import Foundation
import Testing
@testable import Directory

/// The DataDirectory cache: atomic writes, and nothing trusted on load without verifying it
/// again (real documents from the private network, at the fixture's time).
@Suite("Directory cache")
struct DirectoryCacheTests {
    static func verifiedConsensus() throws -> VerifiedMicrodescConsensus {
        try MicrodescConsensus(parsing: Fixtures.bytes("consensus-microdesc")).verified(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            atUnixTime: Fixtures.now, clockSkewAllowance: 0)
    }

    static func microdescriptors() throws -> [Microdescriptor] {
        try MicrodescriptorBatch(parsing: Fixtures.bytes("microdescriptors")).descriptors
    }

    /// A cache in a new directory holding all three fixture documents.
    static func filledCache() async throws -> (DirectoryCache, String) {
        let directory = try makeTemporaryDirectory()
        let cache = DirectoryCache(directory: directory)
        try await cache.store(certificates: Fixtures.verifiedCertificates())
        try await cache.store(consensus: verifiedConsensus())
        try await cache.store(microdescriptors: microdescriptors())
        return (cache, directory)
    }

    static func exists(_ directory: String, _ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + name)
    }

    @Test func storedDocumentsLoadBackVerified() async throws {
        let (cache, _) = try await Self.filledCache()
        let authorities = try Fixtures.authorities()
        let certificates = await cache.loadCertificates(authorities: authorities, now: Fixtures.now, clockSkewAllowance: 0)
        #expect(Set(certificates.map(\.identity.hex)) == [Fixtures.auth1, Fixtures.auth2, Fixtures.auth3])
        let consensus = try #require(await cache.loadConsensus(
            authorities: authorities, certificates: certificates, now: Fixtures.now, clockSkewAllowance: 0))
        #expect(consensus.consensus.bytes == (try Fixtures.bytes("consensus-microdesc")))
        let descriptors = await cache.loadMicrodescriptors(listedIn: consensus)
        #expect(Set(descriptors.keys) == consensus.consensus.microdescriptorDigests)
        #expect(descriptors.count == 8)
    }

    @Test func filesUseCTorsNamesAndHoldTheDocumentsExactly() async throws {
        let (_, directory) = try await Self.filledCache()
        let consensus = try Data(contentsOf: URL(fileURLWithPath: directory + "/cached-microdesc-consensus"))
        #expect(Array(consensus) == (try Fixtures.bytes("consensus-microdesc")))
        let certificates = try Data(contentsOf: URL(fileURLWithPath: directory + "/cached-certs"))
        #expect(try AuthorityKeyCertificate.parseAll(Array(certificates)).count == 3)
        #expect(Self.exists(directory, "cached-microdescs"))
    }

    @Test func writesLeaveNoTemporaryFileAndReplaceTheOldContents() async throws {
        let (cache, directory) = try await Self.filledCache()
        try await cache.store(microdescriptors: Array(Self.microdescriptors().prefix(2)))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(Set(names) == ["cached-certs", "cached-microdesc-consensus", "cached-microdescs"])
        #expect(try await cache.loadMicrodescriptors(listedIn: Self.verifiedConsensus()).count == 2)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/cached-microdescs")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aStaleTemporaryFileFromACrashIsNeverRead() async throws {
        let (cache, directory) = try await Self.filledCache()
        // A crash between write and rename leaves a half-written .tmp: the real file is intact.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: directory + "/cached-microdesc-consensus.tmp"))
        let certificates = try Fixtures.verifiedCertificates()
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: certificates, now: Fixtures.now, clockSkewAllowance: 0) != nil)
    }

    @Test func missingFilesLoadNothing() async throws {
        let cache = DirectoryCache(directory: try makeTemporaryDirectory() + "/not-created-yet")
        #expect(try await cache.loadCertificates(authorities: Fixtures.authorities(), now: Fixtures.now, clockSkewAllowance: 0).isEmpty)
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: [], now: Fixtures.now, clockSkewAllowance: 0) == nil)
    }

    @Test func damagedConsensusFileIsDiscarded() async throws {
        let (cache, directory) = try await Self.filledCache()
        let truncated = try Fixtures.bytes("consensus-microdesc").prefix(500)
        try Data(truncated).write(to: URL(fileURLWithPath: directory + "/cached-microdesc-consensus"))
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            now: Fixtures.now, clockSkewAllowance: 0) == nil)
        #expect(!Self.exists(directory, "cached-microdesc-consensus"))
    }

    @Test func tamperedConsensusByteIsRejectedAndDiscarded() async throws {
        let (cache, directory) = try await Self.filledCache()
        let text = try Fixtures.text("consensus-microdesc")
        let altered = replacing("r relay3 iYme2l1LwKupYkZ2SbP0rmIOTAs 2038-01-01 00:00:00 127.0.0.1 27546 0",
                                with: "r relay3 iYme2l1LwKupYkZ2SbP0rmIOTAs 2038-01-01 00:00:00 127.0.0.1 27547 0", in: text)
        try Data(altered).write(to: URL(fileURLWithPath: directory + "/cached-microdesc-consensus"))
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            now: Fixtures.now, clockSkewAllowance: 0) == nil)
        #expect(!Self.exists(directory, "cached-microdesc-consensus"))
    }

    @Test func expiredConsensusIsNotUsed() async throws {
        let (cache, directory) = try await Self.filledCache()
        let later = Fixtures.validUntil + 1
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            now: later, clockSkewAllowance: 0) == nil)
        #expect(!Self.exists(directory, "cached-microdesc-consensus"))
    }

    @Test func consensusAtItsLastValidSecondIsUsed() async throws {
        let (cache, _) = try await Self.filledCache()
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: Fixtures.verifiedCertificates(),
            now: Fixtures.validUntil, clockSkewAllowance: 0) != nil)
    }

    @Test func consensusWithoutItsCertificatesIsNotTrusted() async throws {
        let (cache, _) = try await Self.filledCache()
        #expect(try await cache.loadConsensus(
            authorities: Fixtures.authorities(), certificates: [], now: Fixtures.now, clockSkewAllowance: 0) == nil)
    }

    @Test func forgedCertificateDiscardsTheCertificateFile() async throws {
        let (cache, directory) = try await Self.filledCache()
        // auth1's certificate with its last signature character changed: its certification fails.
        var certificates = try Fixtures.verifiedCertificates().map(\.certificate.bytes)
        let text = String(decoding: certificates[0], as: UTF8.self)
        let marker = "-----END SIGNATURE-----"
        let end = try #require(text.range(of: marker, options: .backwards))
        let before = text.index(end.lowerBound, offsetBy: -4)
        let flipped = text[before] == "A" ? "B" : "A"
        certificates[0] = Array((text[..<before] + flipped + text[text.index(after: before)...]).utf8)
        try Data(certificates.joined()).write(to: URL(fileURLWithPath: directory + "/cached-certs"))
        #expect(try await cache.loadCertificates(authorities: Fixtures.authorities(), now: Fixtures.now, clockSkewAllowance: 0).isEmpty)
        #expect(!Self.exists(directory, "cached-certs"))
    }

    @Test func expiredCertificatesAreSkippedNotTrusted() async throws {
        let (cache, directory) = try await Self.filledCache()
        let expires = try Fixtures.verifiedCertificates().map(\.expires).min()!
        #expect(try await cache.loadCertificates(authorities: Fixtures.authorities(), now: expires + 1, clockSkewAllowance: 0).count < 3)
        #expect(Self.exists(directory, "cached-certs"))
    }

    @Test func certificatesOfUnconfiguredAuthoritiesAreIgnored() async throws {
        let (cache, _) = try await Self.filledCache()
        let onlyFirst = [try AuthorityIdentity(hex: Fixtures.auth1)]
        let loaded = await cache.loadCertificates(authorities: onlyFirst, now: Fixtures.now, clockSkewAllowance: 0)
        #expect(loaded.map(\.identity.hex) == [Fixtures.auth1])
    }

    @Test func tamperedMicrodescriptorByteIsRejectedAndTheOthersKept() async throws {
        let (cache, directory) = try await Self.filledCache()
        let path = directory + "/cached-microdescs"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let key = try #require(text.range(of: "ntor-onion-key "))
        let target = text.index(key.upperBound, offsetBy: 3)
        text.replaceSubrange(target...target, with: text[target] == "A" ? "B" : "A")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let descriptors = await cache.loadMicrodescriptors(listedIn: try Self.verifiedConsensus())
        #expect(descriptors.count == 7)
    }

    @Test func unparsableMicrodescriptorFileIsDiscarded() async throws {
        let (cache, directory) = try await Self.filledCache()
        try Data("onion-key\n-----BEGIN RSA PUBLIC KEY-----\nAAAA\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/cached-microdescs"))
        #expect(await cache.loadMicrodescriptors(listedIn: try Self.verifiedConsensus()).isEmpty)
        #expect(!Self.exists(directory, "cached-microdescs"))
    }
}
