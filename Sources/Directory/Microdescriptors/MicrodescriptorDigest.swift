/// The SHA-256 digest that names a microdescriptor (dir-spec 3.3; the "m" line of a microdesc
/// consensus, dir-spec 3.9.2).
///
/// Invariant: exactly 32 bytes.
public struct MicrodescriptorDigest: Hashable, Sendable, CustomStringConvertible {
    /// Length of a SHA-256 digest.
    public static let byteCount = 32

    /// The digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 digest bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Base64 without trailing "=", as "m" lines and /tor/micro/d/ URLs write it.
    public var base64: String { DirectoryBase64.encode(bytes, padded: false) }

    /// The unpadded base64 form.
    public var description: String { base64 }
}
