import Directory
import Foundation
import Testing
import TorCore

/// Real documents from tor 0.4.9 authorities, altered on the way from one source: the
/// bootstrapper must reject each with the right reason and get the document elsewhere.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DirectoryTamperInteropTests {
    /// The first authority (the one `FirstChoiceRandom` asks first) and a configuration for it.
    static func setUp() async throws -> (TestNetworkInfo, BootstrapConfiguration, String) {
        let network = try await TestNetwork.shared()
        let configuration = try DirectoryBootstrapHarness.configuration(network, dataDirectory: nil)
        return (network, configuration, DirectoryServer(authority: configuration.authorities[0]).key)
    }

    @Test func consensusWithOneAlteredByteIsRejectedAndFetchedFromAnotherAuthority() async throws {
        let (network, configuration, liar) = try await Self.setUp()
        let transport = TamperingTransport(base: DirPortTransport()) { request, server, body in
            guard request.purpose == .consensus, server.key == liar else { return body }
            // One byte of the first "w Bandwidth=" value: still parses, no longer signed.
            var altered = body
            let marker = Array("w Bandwidth=".utf8)
            guard let start = (0...(body.count - marker.count)).first(where: { Array(body[$0..<$0 + marker.count]) == marker })
            else { throw TestNetworkError("the consensus has no w line") }
            let digit = start + marker.count
            altered[digit] = altered[digit] == UInt8(ascii: "9") ? UInt8(ascii: "8") : altered[digit] + 1
            return altered
        }
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(configuration, transport: transport, random: FirstChoiceRandom())
        let result = try await bootstrapper.bootstrap()
        #expect(result.microdescriptors.count == network.relays.count)
        #expect(await bootstrapper.rejections == [
            DocumentRejection(purpose: .consensus, serverKey: liar, code: .consensusInsufficientSignatures),
        ])
        let consensusSources = transport.requests.filter { $0.purpose == .consensus }.map(\.server)
        #expect(consensusSources.count == 2)
        #expect(consensusSources.first == liar)
        #expect(consensusSources.last != liar)
    }

    @Test func keyCertificateSignedByTheWrongKeyIsRejectedAndFetchedElsewhere() async throws {
        let (network, configuration, liar) = try await Self.setUp()
        let transport = TamperingTransport(base: DirPortTransport()) { request, server, body in
            guard request.purpose == .certificates, server.key == liar else { return body }
            // The first certificate keeps its text but carries the second one's certification:
            // a real signature, made by another authority's identity key.
            let certificates = try AuthorityKeyCertificate.parseAll(body)
            guard certificates.count >= 2 else { throw TestNetworkError("expected several certificates") }
            let marker = "dir-key-certification\n"
            let first = String(decoding: certificates[0].bytes, as: UTF8.self)
            let second = String(decoding: certificates[1].bytes, as: UTF8.self)
            guard let head = first.range(of: marker), let tail = second.range(of: marker) else {
                throw TestNetworkError("no dir-key-certification line")
            }
            let forged = String(first[..<head.upperBound]) + String(second[tail.upperBound...])
            return Array(forged.utf8) + certificates.dropFirst().flatMap(\.bytes)
        }
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(configuration, transport: transport, random: FirstChoiceRandom())
        let result = try await bootstrapper.bootstrap()
        #expect(result.microdescriptors.count == network.relays.count)
        #expect(await bootstrapper.rejections == [
            DocumentRejection(purpose: .certificates, serverKey: liar, code: .certificateCertificationInvalid),
        ])
        let certificateSources = transport.requests.filter { $0.purpose == .certificates }.map(\.server)
        #expect(certificateSources.count == 2)
        #expect(certificateSources.last != liar)
    }

    @Test func expiredConsensusIsRejectedFromEverySourceAndNotCached() async throws {
        let (_, configuration, _) = try await Self.setUp()
        // Learn the live consensus's valid-until, then look at it from an hour later.
        let live = try await DirectoryBootstrapHarness.bootstrapper(configuration, transport: DirPortTransport()).bootstrap()
        let later = live.consensus.consensus.validUntil + 3_600
        let dataDirectory = try DirectoryBootstrapHarness.dataDirectory()
        var stale = configuration
        stale.dataDirectory = dataDirectory
        let bootstrapper = DirectoryBootstrapHarness.bootstrapper(stale, transport: DirPortTransport(), now: { later })
        do {
            _ = try await bootstrapper.bootstrap()
            Issue.record("an expired consensus was accepted")
        } catch let error as DirectoryError {
            #expect(error.code == .bootstrapFailed)
        }
        let rejections = await bootstrapper.rejections
        #expect(rejections.count >= 2)
        #expect(rejections.allSatisfy { $0.purpose == .consensus && $0.code == .consensusExpired })
        #expect(Set(rejections.map(\.serverKey)).count >= 2, "refetched from other authorities")
        #expect(!FileManager.default.fileExists(atPath: dataDirectory + "/" + DirectoryCache.consensusFileName))
    }

    @Test func expiredCachedConsensusIsDiscardedNotUsed() async throws {
        let (_, configuration, _) = try await Self.setUp()
        let dataDirectory = try DirectoryBootstrapHarness.dataDirectory()
        var cached = configuration
        cached.dataDirectory = dataDirectory
        let live = try await DirectoryBootstrapHarness.bootstrapper(cached, transport: DirPortTransport()).bootstrap()
        // A restart one second after the cached consensus expired.
        let expired = live.consensus.consensus.validUntil + cached.clockSkewAllowance + 1
        let recorder = BootstrapLogRecorder()
        let bootstrapper = DirectoryBootstrapper(
            configuration: cached, transport: DirPortTransport(), now: { expired }, logger: recorder.logger)
        _ = try? await bootstrapper.bootstrap()
        let counters = await bootstrapper.counters
        #expect(counters.consensusCacheHits == 0)
        #expect(counters.consensusDownloads >= 1, "the consensus was fetched again")
        #expect(recorder.lines.contains {
            $0.hasPrefix("notice Discarding the cached cached-microdesc-consensus") && $0.contains("dir.consensus.expired")
        })
    }
}
