/// HKDF (RFC 5869) with HMAC-SHA256: ntor's key expansion (tor-spec 5.2.2, "KDF-RFC5869").
///
/// Written over ``HMAC`` rather than OpenSSL's `EVP_KDF` because OpenSSL refuses an empty input
/// keying material, which RFC 5869 allows, and because the steps are short enough to read here.
public enum HKDF {
    /// Longest output RFC 5869 section 2.3 allows: 255 blocks of the hash length.
    public static let maximumSHA256OutputLength = 255 * 32

    /// `outputLength` bytes of key material (0 ... ``maximumSHA256OutputLength``).
    ///
    /// An empty `salt` means HashLen zero bytes (RFC 5869 2.2), which is the same HMAC key.
    public static func sha256(
        inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8], outputLength: Int
    ) -> [UInt8] {
        precondition(
            (0...maximumSHA256OutputLength).contains(outputLength),
            "HKDF-SHA256 output must be 0...\(maximumSHA256OutputLength) bytes"
        )
        var pseudorandomKey = extract(salt: salt, inputKeyMaterial: inputKeyMaterial)
        defer { wipe(&pseudorandomKey) }
        return expand(pseudorandomKey: pseudorandomKey, info: info, outputLength: outputLength)
    }

    /// RFC 5869 2.2: PRK = HMAC-Hash(salt, IKM).
    static func extract(salt: [UInt8], inputKeyMaterial: [UInt8]) -> [UInt8] {
        HMAC.sha256(key: salt, message: inputKeyMaterial)
    }

    /// RFC 5869 2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output is T(1) | T(2) | ... cut.
    static func expand(pseudorandomKey: [UInt8], info: [UInt8], outputLength: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(outputLength + 32)
        var previous: [UInt8] = []
        var counter: UInt8 = 1
        while output.count < outputLength {
            previous = HMAC.sha256(key: pseudorandomKey, message: previous + info + [counter])
            output += previous
            counter &+= 1
        }
        wipe(&previous)
        let result = Array(output.prefix(outputLength))
        wipe(&output)
        return result
    }
}
