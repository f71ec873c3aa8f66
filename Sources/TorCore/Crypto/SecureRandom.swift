import CSodium

/// Cryptographically secure random bytes from libsodium's `randombytes_buf`.
///
/// Used for keys, nonces and cell padding (tor-spec 0.3 requires a strong RNG). It cannot fail:
/// libsodium reads the kernel's generator (`getrandom`) and aborts rather than return weak bytes.
public enum SecureRandom {
    /// Returns `count` fresh random bytes; `count` must not be negative.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes needs a non-negative count")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Overwrites every byte of `buffer` with random bytes, without allocating.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        _ = Sodium.ready
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }
}
