import CSodium

/// Comparisons whose running time does not depend on where two secrets differ.
///
/// Tor compares MACs and authenticators this way (tor-spec 5.1.4 AUTH, 6.1 SENDME digests) so a
/// peer cannot learn a correct value byte by byte from response timing.
public enum ConstantTime {
    /// True when `a` and `b` have the same length and the same bytes.
    ///
    /// The lengths are public, so unequal lengths return false at once; equal-length inputs are
    /// compared with `sodium_memcmp`, whose time depends only on the length.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in equals(left, right) }
        }
    }

    /// Raw-buffer form of the array comparison for callers holding cell memory.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let left = a.baseAddress, let right = b.baseAddress else { return true }
        _ = Sodium.ready
        return sodium_memcmp(left, right, a.count) == 0
    }
}
