/// One directory document request: the URL path a client asks a directory for (dir-spec 4),
/// what kind of document it is, and how large an answer may be.
///
/// Paths never carry the ".z" suffix: this client asks only for uncompressed documents
/// (`Content-Encoding: identity`), so no decompressor sits between the network and the parsers.
public struct DirectoryRequest: Sendable, Hashable, CustomStringConvertible {
    /// What a request fetches, for progress reporting and counters.
    public struct Purpose: Hashable, Sendable, CustomStringConvertible {
        /// A short name, such as "consensus".
        public let rawValue: String
        /// A purpose by name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The microdesc consensus.
        public static let consensus = Purpose(rawValue: "consensus")
        /// Authority key certificates.
        public static let certificates = Purpose(rawValue: "certificates")
        /// A batch of microdescriptors.
        public static let microdescriptors = Purpose(rawValue: "microdescriptors")

        /// The name.
        public var description: String { rawValue }
    }

    /// Most microdescriptor digests one request may name (dir-spec 4.3: "at most 92
    /// microdescriptor hashes can be retrieved in a single request").
    public static let maximumMicrodescriptorsPerRequest = 92

    /// Largest consensus body accepted. Not in the spec: the public network's uncompressed
    /// microdesc consensus is about 3 MiB, so 16 MiB leaves room without inviting abuse.
    public static let maximumConsensusSize = 16 << 20
    /// Largest key-certificate body accepted: nine authorities' certificates are under 20 KiB.
    public static let maximumCertificatesSize = 1 << 20
    /// Largest microdescriptor batch body accepted: 92 microdescriptors of a few hundred bytes
    /// each, with a wide margin.
    public static let maximumMicrodescriptorsSize = 4 << 20

    /// The URL path, starting with "/tor/".
    public let path: String
    /// What the request fetches.
    public let purpose: Purpose
    /// The largest body accepted, in bytes.
    public let maximumBodySize: Int

    /// A request for `path`; prefer the named constructors.
    public init(path: String, purpose: Purpose, maximumBodySize: Int) {
        self.path = path
        self.purpose = purpose
        self.maximumBodySize = maximumBodySize
    }

    /// The current microdesc consensus (dir-spec 4.2 / 5.1, flavoured URL).
    public static let microdescConsensus = DirectoryRequest(
        path: "/tor/status-vote/current/consensus-microdesc", purpose: .consensus,
        maximumBodySize: maximumConsensusSize)

    /// Every key certificate the directory has (dir-spec 4.2 "/tor/keys/all").
    public static let allCertificates = DirectoryRequest(
        path: "/tor/keys/all", purpose: .certificates, maximumBodySize: maximumCertificatesSize)

    /// The current key certificates of the given authorities ("/tor/keys/fp/F1+F2").
    public static func certificates(for authorities: [AuthorityIdentity]) -> DirectoryRequest {
        DirectoryRequest(
            path: "/tor/keys/fp/" + authorities.map(\.hex).joined(separator: "+"),
            purpose: .certificates, maximumBodySize: maximumCertificatesSize)
    }

    /// The certificates for particular signing keys ("/tor/keys/fp-sk/F1-S1+F2-S2"), for a
    /// consensus signed with a key this client has no certificate for.
    public static func certificates(
        forSigningKeys keys: [(authority: AuthorityIdentity, signingKeyDigest: [UInt8])]
    ) -> DirectoryRequest {
        DirectoryRequest(
            path: "/tor/keys/fp-sk/" + keys.map { "\($0.authority.hex)-\(DirectoryHex.encode($0.signingKeyDigest))" }
                .joined(separator: "+"),
            purpose: .certificates, maximumBodySize: maximumCertificatesSize)
    }

    /// Requests for `digests`, in batches of at most
    /// ``maximumMicrodescriptorsPerRequest`` ("/tor/micro/d/D1-D2-D3", dir-spec 4.3); the
    /// digests are sorted so the same set always gives the same URLs.
    public static func microdescriptors(_ digests: some Sequence<MicrodescriptorDigest>) -> [DirectoryRequest] {
        microdescriptorBatches(digests).map(\.request)
    }

    /// The requests of ``microdescriptors(_:)``, each with the digests it names.
    public static func microdescriptorBatches(
        _ digests: some Sequence<MicrodescriptorDigest>
    ) -> [(request: DirectoryRequest, digests: [MicrodescriptorDigest])] {
        let sorted = digests.sorted { $0.base64 < $1.base64 }
        return stride(from: 0, to: sorted.count, by: maximumMicrodescriptorsPerRequest).map { start in
            let batch = Array(sorted[start..<min(start + maximumMicrodescriptorsPerRequest, sorted.count)])
            let request = DirectoryRequest(
                path: "/tor/micro/d/" + batch.map(\.base64).joined(separator: "-"), purpose: .microdescriptors,
                maximumBodySize: maximumMicrodescriptorsSize)
            return (request, batch)
        }
    }

    /// The HTTP/1.0 request (dir-spec 6: "All clients and servers MUST support HTTP 1.0"):
    /// the request line, a Host header naming `host`, and `Accept-Encoding: identity`.
    public func httpRequest(host: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.0\r\nHost: \(host)\r\nAccept-Encoding: identity\r\n\r\n".utf8)
    }

    /// The purpose and path; paths name only public documents.
    public var description: String { "\(purpose) \(path)" }
}
