import Foundation
import Synchronization
import Testing
import TorCore
@testable import Directory

/// The bootstrapper over real fixture documents served by a test transport: counters,
/// caching, rejection and refetch, breakers, and the progress it reports.
@Suite("Directory bootstrapper")
struct DirectoryBootstrapperTests {
    @Test func coldBootstrapFetchesConsensusCertificatesAndEveryMicrodescriptor() async throws {
        let transport = try FixtureTransport()
        let directory = try makeTemporaryDirectory()
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: directory)
        let result = try await bootstrapper.bootstrap()
        #expect(result.consensus.signers.count == 3)
        #expect(result.microdescriptors.count == 8)
        #expect(result.missingMicrodescriptors.isEmpty)
        let counters = await bootstrapper.counters
        #expect(counters.consensusDownloads == 1)
        #expect(counters.certificateDownloads == 1)
        #expect(counters.microdescriptorDownloads == 1)
        #expect(counters.microdescriptorsFetched == 8)
        #expect(counters.consensusCacheHits == 0)
        #expect(counters.documentsRejected == 0)
        // The consensus came from an authority (no fallbacks), the microdescriptors from a
        // directory cache the consensus lists, not from an authority.
        let authorityKeys = Set((0..<3).map(BootstrapFixtures.authorityKey))
        #expect(transport.requests(prefix: "/tor/status-vote").allSatisfy { authorityKeys.contains($0.server) })
        #expect(transport.requests(prefix: "/tor/micro/d/").allSatisfy { !authorityKeys.contains($0.server) })
        #expect(transport.requests(prefix: "/tor/keys/fp-sk/").count == 1)
        for name in ["cached-certs", "cached-microdesc-consensus", "cached-microdescs"] {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + name))
        }
    }

    @Test func warmRestartDownloadsNothing() async throws {
        let directory = try makeTemporaryDirectory()
        _ = try await BootstrapFixtures.bootstrapper(try FixtureTransport(), dataDirectory: directory).bootstrap()
        let transport = try FixtureTransport()
        let progress = BootstrapProgress()
        let restarted = try BootstrapFixtures.bootstrapper(transport, dataDirectory: directory, progress: progress)
        let result = try await restarted.bootstrap()
        #expect(result.microdescriptors.count == 8)
        let counters = await restarted.counters
        #expect(counters.consensusDownloads == 0)
        #expect(counters.certificateDownloads == 0)
        #expect(counters.microdescriptorDownloads == 0)
        #expect(counters.consensusCacheHits == 1)
        #expect(counters.certificateCacheHits == 3)
        #expect(counters.microdescriptorCacheHits == 8)
        #expect(transport.requests.isEmpty)
        // As tor 0.4.9 does on a warm start: no stage-2 phase but the last (the circuit layer
        // reports the connection phases).
        #expect(progress.history.map(\.phase.tag) == ["starting", "enough_dirinfo"])
    }

    @Test func expiredCacheIsNotUsedAndTheConsensusIsFetchedAgain() async throws {
        let directory = try makeTemporaryDirectory()
        _ = try await BootstrapFixtures.bootstrapper(try FixtureTransport(), dataDirectory: directory).bootstrap()
        // A moment past valid-until: the cached consensus must not be used, and the network's
        // (the same document) cannot be accepted either.
        let transport = try FixtureTransport()
        let restarted = try BootstrapFixtures.bootstrapper(transport, dataDirectory: directory, now: Fixtures.validUntil + 1)
        await #expect(throws: DirectoryError.self) { try await restarted.bootstrap() }
        let counters = await restarted.counters
        #expect(counters.consensusCacheHits == 0)
        #expect(counters.consensusDownloads >= 1)
        #expect(await restarted.rejections.allSatisfy { $0.code == .consensusExpired })
        #expect(await !restarted.rejections.isEmpty)
    }

    @Test func tamperedConsensusFromOneSourceIsRejectedAndFetchedElsewhere() async throws {
        let tampered = BootstrapFixtures.authorityKey(0)
        let transport = try FixtureTransport { request, server, body in
            guard request.purpose == .consensus, server.key == tampered else { return body }
            let text = String(decoding: body, as: UTF8.self)
            return Array(text.replacingOccurrences(
                of: "127.0.0.1 27546 0", with: "127.0.0.1 27547 0").utf8)
        }
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: nil)
        let result = try await bootstrapper.bootstrap()
        #expect(result.consensus.consensus.bytes == (try Fixtures.bytes("consensus-microdesc")))
        #expect(await bootstrapper.rejections == [
            DocumentRejection(purpose: .consensus, serverKey: tampered, code: .consensusInsufficientSignatures),
        ])
        let consensusSources = transport.requests(prefix: "/tor/status-vote").map(\.server)
        #expect(consensusSources.count == 2)
        #expect(consensusSources.first == tampered)
        #expect(consensusSources.last != tampered)
    }

    @Test func certificateSignedByTheWrongKeyIsRejectedAndFetchedElsewhere() async throws {
        let forger = BootstrapFixtures.authorityKey(0)
        let certificates = try Fixtures.verifiedCertificates().map(\.certificate)
        // auth1's certificate carrying auth2's certification signature: signed by the wrong key.
        let forged = Self.swapCertification(of: certificates[0], with: certificates[1])
        let transport = try FixtureTransport { request, server, body in
            guard request.purpose == .certificates, server.key == forger else { return body }
            return forged + certificates[1].bytes + certificates[2].bytes
        }
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: nil)
        let result = try await bootstrapper.bootstrap()
        #expect(result.certificates.count == 3)
        #expect(await bootstrapper.rejections == [
            DocumentRejection(purpose: .certificates, serverKey: forger, code: .certificateCertificationInvalid),
        ])
        #expect(transport.requests(prefix: "/tor/keys/").count == 2)
    }

    @Test func unexpectedMicrodescriptorRejectsTheBatch() async throws {
        let extra = try MicrodescriptorBatch(parsing: Fixtures.bytes("microdescriptors")).descriptors[0].bytes
        let liar = Mutex<String?>(nil)
        let transport = try FixtureTransport { request, server, body in
            guard request.purpose == .microdescriptors else { return body }
            // The first server asked adds an altered copy of a microdescriptor.
            let first = liar.withLock { current -> Bool in
                if current == nil { current = server.key }
                return current == server.key
            }
            guard first else { return body }
            return body + Array(String(decoding: extra, as: UTF8.self).replacingOccurrences(of: "ntor-onion-key ", with: "ntor-onion-key A").utf8)
        }
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: nil)
        let result = try await bootstrapper.bootstrap()
        #expect(result.microdescriptors.count == 8)
        #expect(await bootstrapper.rejections.map(\.purpose) == [.microdescriptors])
    }

    @Test func unreachableSourceOpensItsBreakerAndBootstrapStillSucceeds() async throws {
        let dead = BootstrapFixtures.authorityKey(0)
        let transport = try FixtureTransport { _, server, body in
            guard server.key != dead else {
                throw DirectoryError(.transportConnection, kind: .resource, "connection refused")
            }
            return body
        }
        let policy = CircuitBreakerPolicy(consecutiveFailureThreshold: 1, cooldown: .seconds(600))
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: nil, breakerPolicy: policy)
        _ = try await bootstrapper.bootstrap()
        #expect(await bootstrapper.breakers.isOpen(dead))
        #expect(await !bootstrapper.breakers.isOpen(BootstrapFixtures.authorityKey(1)))
        // Tried once for the consensus, then skipped while its breaker is open.
        #expect(transport.requests.filter { $0.server == dead }.count == 1)
        #expect(await bootstrapper.counters.fetchFailures == 1)
    }

    @Test func everySourceFailingEndsInBootstrapFailed() async throws {
        let transport = try FixtureTransport { _, _, _ in
            throw DirectoryError(.transportConnection, kind: .resource, "connection refused")
        }
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: nil)
        do {
            _ = try await bootstrapper.bootstrap()
            Issue.record("bootstrap succeeded without a source")
        } catch let error as DirectoryError {
            #expect(error.code == .bootstrapFailed)
            #expect(error.reason.contains("connection refused"))
        }
    }

    @Test func noV3AuthorityIsBadInput() async throws {
        var configuration = try BootstrapFixtures.configuration(dataDirectory: nil)
        configuration.authorities = configuration.authorities.map { authority in
            var copy = authority
            copy.v3Identity = nil
            return copy
        }
        let bootstrapper = DirectoryBootstrapper(
            configuration: configuration, transport: try FixtureTransport(), clock: ImmediateClock(), now: { Fixtures.now })
        do {
            _ = try await bootstrapper.bootstrap()
            Issue.record("bootstrap succeeded without authorities")
        } catch let error as DirectoryError {
            #expect(error.code == .consensusNoAuthorities)
            #expect(error.kind == .badInput)
        }
    }

    @Test func coldBootstrapReportsCTorsPhasesInOrder() async throws {
        let progress = BootstrapProgress()
        let bootstrapper = try BootstrapFixtures.bootstrapper(try FixtureTransport(), dataDirectory: nil, progress: progress)
        _ = try await bootstrapper.bootstrap()
        #expect(progress.history.map(\.logMessage) == [
            "Bootstrapped 0% (starting): Starting",
            "Bootstrapped 5% (conn): Connecting to a relay",
            "Bootstrapped 10% (conn_done): Connected to a relay",
            "Bootstrapped 25% (requesting_status): Asking for networkstatus consensus",
            "Bootstrapped 30% (loading_status): Loading networkstatus consensus",
            "Bootstrapped 40% (loading_keys): Loading authority key certs",
            "Bootstrapped 45% (requesting_descriptors): Asking for relay descriptors",
            "Bootstrapped 74% (loading_descriptors): Loading relay descriptors",
            "Bootstrapped 75% (enough_dirinfo): Loaded enough directory info to build circuits",
        ])
    }

    @Test func refreshIsScheduledInsideTheSpecWindow() async throws {
        let bootstrapper = try BootstrapFixtures.bootstrapper(try FixtureTransport(), dataDirectory: nil)
        _ = try await bootstrapper.bootstrap()
        // ZeroRandom takes the window's first second: fresh-until + 3/4 of the 60 s interval.
        #expect(await bootstrapper.nextConsensusFetch == Fixtures.freshUntil + 45)
        #expect(await !bootstrapper.isRefreshDue)
    }

    @Test func refreshFetchesANewConsensusAndOnlyTheMicrodescriptorsItAdds() async throws {
        let transport = try FixtureTransport()
        let bootstrapper = try BootstrapFixtures.bootstrapper(transport, dataDirectory: nil)
        _ = try await bootstrapper.bootstrap()
        let refreshed = try await bootstrapper.refresh()
        #expect(refreshed.microdescriptors.count == 8)
        let counters = await bootstrapper.counters
        #expect(counters.consensusDownloads == 2)
        #expect(counters.certificateDownloads == 1, "the certificates held still verify it")
        #expect(counters.microdescriptorDownloads == 1, "nothing new to fetch")
        #expect(transport.requests(prefix: "/tor/status-vote").count == 2)
    }

    /// `certificate` with the "dir-key-certification" object of `other`.
    static func swapCertification(of certificate: AuthorityKeyCertificate, with other: AuthorityKeyCertificate) -> [UInt8] {
        func split(_ bytes: [UInt8]) -> (String, String) {
            let text = String(decoding: bytes, as: UTF8.self)
            let range = text.range(of: "dir-key-certification\n")!
            return (String(text[..<range.upperBound]), String(text[range.upperBound...]))
        }
        return Array((split(certificate.bytes).0 + split(other.bytes).1).utf8)
    }
}
