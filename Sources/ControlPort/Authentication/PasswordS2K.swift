import TorCore

/// Checks a controller's password against a `HashedControlPassword` (control-spec.txt §3.5;
/// the hash is OpenPGP's iterated and salted S2K with SHA-1, RFC 2440 §3.6.1.3).
///
/// The S2K hashes `salt || password` repeated until `hashedByteCount` bytes have gone through
/// SHA-1, the last repetition cut short, exactly as C tor's `secret_to_key_rfc2440` does
/// (a count below one repetition hashes only that many bytes).
public enum PasswordS2K {
    /// The 20-byte S2K digest of `password` with `salt` and the RFC 2440 `encodedCount`.
    public static func digest(password: [UInt8], salt: [UInt8], encodedCount: UInt8) -> [UInt8] {
        let unit = salt + password
        let total = (16 + Int(encodedCount & 15)) << (Int(encodedCount >> 4) + 6)
        var remaining = total
        let sha1 = RunningDigest(.sha1)
        // Hash in chunks of many repetitions so a large count does not cost one call per unit.
        let repetitions = max(1, 4096 / max(1, unit.count))
        let chunk = [UInt8]((0..<repetitions).flatMap { _ in unit })
        while remaining >= chunk.count && !chunk.isEmpty {
            sha1.update(chunk)
            remaining -= chunk.count
        }
        if remaining > 0 { sha1.update(chunk[0..<remaining]) }
        return sha1.digestSoFar()
    }

    /// Whether `password` hashes to `stored`, compared in constant time.
    public static func verify(password: [UInt8], against stored: HashedControlPassword) -> Bool {
        let computed = digest(password: password, salt: stored.salt, encodedCount: stored.encodedCount)
        return ConstantTime.equals(computed, stored.digest)
    }
}
