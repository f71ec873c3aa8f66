import TorCore

/// A directory authority's v3 identity: the SHA-1 digest of its authority identity key
/// (dir-spec 3.1 "fingerprint"; the `v3ident` of a torrc `DirAuthority` line).
///
/// Invariant: exactly 20 bytes.
public struct AuthorityIdentity: Hashable, Sendable, CustomStringConvertible {
    /// Length of the digest (SHA-1).
    public static let byteCount = 20

    /// The 20 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 20 digest bytes; other lengths are bad input.
    public init(bytes: [UInt8]) throws(DirectoryError) {
        guard bytes.count == Self.byteCount else {
            throw DirectoryError(
                .authorityIdentityMalformed, kind: .badInput,
                "An authority identity is \(Self.byteCount) bytes, not \(bytes.count); check the DirAuthority v3ident"
            )
        }
        self.bytes = bytes
    }

    /// Parses 40 hex digits, as in a `DirAuthority ... v3ident=HEX` line.
    public init(hex: String) throws(DirectoryError) {
        guard let bytes = DirectoryHex.decode(hex), bytes.count == Self.byteCount else {
            throw DirectoryError(
                .authorityIdentityMalformed, kind: .badInput,
                "An authority identity (v3ident) is 40 hex digits; check the DirAuthority line"
            )
        }
        self.bytes = bytes
    }

    /// Upper-case hex, as Tor prints it.
    public var hex: String { DirectoryHex.encode(bytes) }

    /// Upper-case hex: an authority identity is public, listed in every client's configuration.
    public var description: String { hex }
}

extension DirectoryError.Code {
    /// A configured authority identity is not 20 bytes / 40 hex digits (kind `.badInput`).
    public static let authorityIdentityMalformed: Self = "dir.authority.identity-malformed"
}
