/// A `HashedControlPassword` value: a control-port password stored as a salted, iterated
/// SHA-1 (OpenPGP "iterated and salted S2K", RFC 4880 §3.7.1.3), as `tor --hash-password` prints
/// it (control-spec.txt §5.1, "HashedControlPassword").
///
/// Form: `16:` then 58 hex digits: an 8-byte salt, 1 byte of encoded iteration count, then the
/// 20-byte digest. (tor 0.4.9 prints 58 digits; it rejects any other length.)
public struct HashedControlPassword: Sendable, Hashable, CustomStringConvertible {
    /// The prefix tor writes before the hex digits.
    public static let prefix = "16:"
    /// Salt length in bytes (RFC 4880 §3.7.1.3).
    public static let saltByteCount = 8
    /// Digest length in bytes (SHA-1).
    public static let digestByteCount = 20
    /// Hex digits after the prefix: salt, count byte and digest.
    public static let hexDigitCount = (saltByteCount + 1 + digestByteCount) * 2

    /// The 8 salt bytes.
    public let salt: [UInt8]
    /// The encoded iteration count (RFC 4880: `(16 + (c & 15)) << ((c >> 4) + 6)` bytes hashed).
    public let encodedCount: UInt8
    /// The 20-byte SHA-1 digest.
    public let digest: [UInt8]

    /// Reads `16:HEX58`; nil for any other shape.
    public init?(_ text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let hex = text.dropFirst(Self.prefix.count)
        guard hex.utf8.count == Self.hexDigitCount, let bytes = TorrcText.hexBytes(hex) else { return nil }
        salt = Array(bytes[0..<Self.saltByteCount])
        encodedCount = bytes[Self.saltByteCount]
        digest = Array(bytes[(Self.saltByteCount + 1)...])
    }

    /// The number of bytes the S2K function hashes, decoded from ``encodedCount``.
    public var hashedByteCount: Int {
        (16 + Int(encodedCount & 15)) << (Int(encodedCount >> 4) + 6)
    }

    /// `16:` and 58 upper-case hex digits.
    public var description: String {
        Self.prefix + TorrcText.hexString(salt + [encodedCount] + digest)
    }

    /// Reads the entry's value or throws the error a user can act on.
    static func parse(_ entry: TorrcEntry) throws -> HashedControlPassword {
        guard let password = HashedControlPassword(entry.value) else {
            throw entry.error(
                .configBadPassword, "not a hashed password (\"16:\" followed by 58 hex digits)",
                fix: "paste the last line that \"tor --hash-password YOUR-PASSWORD\" prints")
        }
        return password
    }
}
