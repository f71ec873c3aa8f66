import COpenSSL
import NIOCore

/// AES in counter mode: Tor's relay-cell cipher (tor-spec 0.3: AES-128-CTR with an all-zero IV;
/// AES-256-CTR for ntor v3 / onion services per proposal 332 and rend-spec-v3).
///
/// Encryption and decryption are the same operation: XOR with the keystream. The keystream
/// continues across calls, so a hop's forward cipher is one instance for the circuit's life.
/// Not thread-safe: one instance belongs to one hop on one event loop.
public final class AESCTR {
    /// Length of the initial counter block.
    public static let ivLength = 16
    /// The all-zero initial counter block Tor's relay crypto starts from (tor-spec 0.3).
    public static let zeroIV = [UInt8](repeating: 0, count: ivLength)
    /// Largest chunk handed to one `EVP_EncryptUpdate`, whose length parameter is a C int.
    private static let maximumChunk = 1 << 30

    private let context: OpaquePointer

    /// A cipher with a 16-byte (AES-128) or 32-byte (AES-256) `key` and a 16-byte `iv`.
    public init(key: [UInt8], iv: [UInt8] = AESCTR.zeroIV) throws {
        guard let cipher = FetchedCiphers.shared.counterMode(keyLength: key.count) else {
            throw TorCoreError(
                .cryptoKeyLength, kind: .badInput,
                "An AES-CTR key must be 16 or 32 bytes, not \(key.count)"
            )
        }
        guard iv.count == Self.ivLength else {
            throw TorCoreError(
                .cryptoKeyLength, kind: .badInput,
                "An AES-CTR IV must be \(Self.ivLength) bytes, not \(iv.count)"
            )
        }
        guard let context = EVP_CIPHER_CTX_new() else {
            throw OpenSSLErrorQueue.error("EVP_CIPHER_CTX_new failed (out of memory)")
        }
        self.context = context
        let initialised = EVP_EncryptInit_ex2(context, cipher, key, iv, nil)
        guard initialised == 1 else {
            // deinit frees the context, since self is fully initialised.
            throw OpenSSLErrorQueue.error("Initialising AES-CTR failed")
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// XORs the next `buffer.count` keystream bytes into `buffer`, in place, without allocating.
    public func apply(_ buffer: UnsafeMutableRawBufferPointer) {
        guard var base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let chunk = min(remaining, Self.maximumChunk)
            var written: Int32 = 0
            // CTR mode is a stream cipher: OpenSSL allows the output to be the input.
            guard EVP_EncryptUpdate(context, base, &written, base, Int32(chunk)) == 1,
                  written == Int32(chunk)
            else { OpenSSLErrorQueue.fatal("EVP_EncryptUpdate failed for AES-CTR") }
            base += chunk
            remaining -= chunk
        }
    }

    /// Writes `input` XORed with the next `input.count` keystream bytes into `output` (at least
    /// as long), without allocating: decrypting straight out of a buffer that must stay as it
    /// is saves copying it first.
    public func apply(from input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= input.count, "AES-CTR output is shorter than its input")
        guard var source = input.baseAddress?.assumingMemoryBound(to: UInt8.self),
              var target = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        else { return }
        var remaining = input.count
        while remaining > 0 {
            let chunk = min(remaining, Self.maximumChunk)
            var written: Int32 = 0
            guard EVP_EncryptUpdate(context, target, &written, source, Int32(chunk)) == 1,
                  written == Int32(chunk)
            else { OpenSSLErrorQueue.fatal("EVP_EncryptUpdate failed for AES-CTR") }
            source += chunk
            target += chunk
            remaining -= chunk
        }
    }

    /// XORs the keystream into `bytes` in place.
    public func apply(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { apply($0) }
    }

    /// XORs the keystream into the readable bytes of `buffer` in place (a relay cell's body).
    public func apply(_ buffer: inout ByteBuffer) {
        buffer.withUnsafeMutableReadableBytes { apply($0) }
    }
}

/// The AES-CTR `EVP_CIPHER` objects, fetched once: an implicit fetch per context would search
/// OpenSSL's method store under a lock.
private final class FetchedCiphers: @unchecked Sendable {
    static let shared = FetchedCiphers()

    private let aes128: OpaquePointer
    private let aes256: OpaquePointer

    private init() {
        guard let aes128 = EVP_CIPHER_fetch(nil, "AES-128-CTR", nil),
              let aes256 = EVP_CIPHER_fetch(nil, "AES-256-CTR", nil)
        else { OpenSSLErrorQueue.fatal("OpenSSL offers no AES-CTR implementation") }
        self.aes128 = aes128
        self.aes256 = aes256
    }

    func counterMode(keyLength: Int) -> OpaquePointer? {
        switch keyLength {
        case 16: aes128
        case 32: aes256
        default: nil
        }
    }
}
