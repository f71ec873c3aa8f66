import Testing
@testable import Directory

/// Request URLs and bytes (dir-spec 4.2, 4.3, 6).
@Suite("Directory requests")
struct DirectoryRequestTests {
    static func digests(_ count: Int) -> [MicrodescriptorDigest] {
        (0..<count).map { index in
            MicrodescriptorDigest(bytes: [UInt8(index & 0xFF), UInt8(index >> 8)] + Array(repeating: 7, count: 30))!
        }
    }

    @Test func consensusRequestIsTheUncompressedMicrodescFlavour() {
        let request = DirectoryRequest.microdescConsensus
        #expect(request.path == "/tor/status-vote/current/consensus-microdesc")
        #expect(request.purpose == .consensus)
        #expect(!request.path.hasSuffix(".z"))
    }

    @Test func httpRequestBytesAreExact() {
        let bytes = DirectoryRequest.microdescConsensus.httpRequest(host: "127.0.0.1:24424")
        #expect(String(decoding: bytes, as: UTF8.self)
            == "GET /tor/status-vote/current/consensus-microdesc HTTP/1.0\r\nHost: 127.0.0.1:24424\r\n"
                + "Accept-Encoding: identity\r\n\r\n")
    }

    @Test func certificateRequestsNameIdentitiesAndSigningKeys() throws {
        let first = try AuthorityIdentity(hex: Fixtures.auth1)
        let second = try AuthorityIdentity(hex: Fixtures.auth2)
        #expect(DirectoryRequest.certificates(for: [first, second]).path
            == "/tor/keys/fp/\(Fixtures.auth1)+\(Fixtures.auth2)")
        let signingKey = try #require(DirectoryHex.decode(Fixtures.signingKeyDigests[Fixtures.auth1]!))
        #expect(DirectoryRequest.certificates(forSigningKeys: [(first, signingKey)]).path
            == "/tor/keys/fp-sk/\(Fixtures.auth1)-\(Fixtures.signingKeyDigests[Fixtures.auth1]!)")
        #expect(DirectoryRequest.allCertificates.path == "/tor/keys/all")
    }

    @Test(arguments: [(1, [1]), (91, [91]), (92, [92]), (93, [92, 1]), (184, [92, 92]), (185, [92, 92, 1])])
    func microdescriptorsAreBatchedAtMost92PerRequest(count: Int, sizes: [Int]) {
        let batches = DirectoryRequest.microdescriptorBatches(Self.digests(count))
        #expect(batches.map(\.digests.count) == sizes)
        for batch in batches {
            #expect(batch.request.path == "/tor/micro/d/" + batch.digests.map(\.base64).joined(separator: "-"))
            #expect(batch.request.purpose == .microdescriptors)
        }
        #expect(Set(batches.flatMap(\.digests)) == Set(Self.digests(count)))
    }

    @Test func batchesDoNotDependOnInputOrder() {
        let digests = Self.digests(100)
        #expect(DirectoryRequest.microdescriptors(digests) == DirectoryRequest.microdescriptors(digests.reversed()))
    }

    @Test func noDigestsNoRequest() {
        #expect(DirectoryRequest.microdescriptors([]).isEmpty)
    }
}
