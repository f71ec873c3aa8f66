import COpenSSL

/// The hash functions Tor uses, each backed by an OpenSSL `EVP_MD` fetched once per process.
///
/// SHA-1: RSA identity digests and relay-cell digests (tor-spec 0.3, 6.1). SHA-256: certificate
/// digests, ntor HMAC/HKDF (5.1.4). SHA3-256 and SHAKE-256: ntor v3 (proposal 332) and onion
/// services (rend-spec-v3).
public enum DigestAlgorithm: Sendable, Hashable, CaseIterable {
    /// SHA-1 (FIPS 180-4), 20-byte output.
    case sha1
    /// SHA-256 (FIPS 180-4), 32-byte output.
    case sha256
    /// SHA3-256 (FIPS 202), 32-byte output.
    case sha3_256
    /// An extendable-output function; its ``outputLength`` is the 32-byte default that OpenSSL
    /// also uses, and ``RunningDigest/squeeze(outputLength:)`` reads any other length.
    case shake256

    /// Bytes a finished digest has (for SHAKE-256, the default read length).
    public var outputLength: Int {
        switch self {
        case .sha1: 20
        case .sha256, .sha3_256, .shake256: 32
        }
    }

    /// Internal block size in bytes (what HMAC pads keys to).
    public var blockLength: Int {
        switch self {
        case .sha1, .sha256: 64
        case .sha3_256, .shake256: 136
        }
    }

    /// True for the extendable-output function, whose output is read with `EVP_DigestFinalXOF`.
    var isExtendableOutput: Bool { self == .shake256 }

    /// OpenSSL's fetched implementation; fetched once because an implicit fetch on every
    /// `EVP_DigestInit_ex` call would cost a lock and a table search per relay cell.
    var implementation: OpaquePointer { FetchedDigests.shared.pointer(for: self) }

    /// OpenSSL's algorithm name, as `EVP_MD_fetch` and `EVP_MAC`/`EVP_KDF` parameters expect it.
    var openSSLName: String {
        switch self {
        case .sha1: "SHA1"
        case .sha256: "SHA256"
        case .sha3_256: "SHA3-256"
        case .shake256: "SHAKE256"
        }
    }
}

/// The `EVP_MD` objects fetched at first use and kept for the life of the process.
///
/// Fetched `EVP_MD` objects are immutable and reference counted by OpenSSL, so sharing them
/// across threads is safe; they are deliberately never freed.
private final class FetchedDigests: @unchecked Sendable {
    static let shared = FetchedDigests()

    private let sha1: OpaquePointer
    private let sha256: OpaquePointer
    private let sha3_256: OpaquePointer
    private let shake256: OpaquePointer

    private init() {
        sha1 = Self.fetch(.sha1)
        sha256 = Self.fetch(.sha256)
        sha3_256 = Self.fetch(.sha3_256)
        shake256 = Self.fetch(.shake256)
    }

    func pointer(for algorithm: DigestAlgorithm) -> OpaquePointer {
        switch algorithm {
        case .sha1: sha1
        case .sha256: sha256
        case .sha3_256: sha3_256
        case .shake256: shake256
        }
    }

    private static func fetch(_ algorithm: DigestAlgorithm) -> OpaquePointer {
        guard let digest = EVP_MD_fetch(nil, algorithm.openSSLName, nil) else {
            OpenSSLErrorQueue.fatal("OpenSSL offers no \(algorithm.openSSLName) implementation")
        }
        return digest
    }
}
