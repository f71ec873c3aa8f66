import COpenSSL
import NIOCore

/// A hash that keeps absorbing bytes and can report its digest at any point without ending.
///
/// Tor's relay-cell digest (tor-spec 6.1) is a running SHA-1 over every relay cell sent or
/// received on a hop, and each cell needs the digest *so far*. For SHA-1 the state is OpenSSL's
/// plain `SHA_CTX` struct: ``digestSoFar()`` finishes a copy of it on the stack, so no cell
/// allocates. The other algorithms copy their EVP state into a reused scratch context, which
/// OpenSSL 3 does by duplicating the provider context on the heap; none of them is per cell.
///
/// Not thread-safe: one instance belongs to one hop on one event loop.
public final class RunningDigest {
    /// The algorithm this digest computes.
    public let algorithm: DigestAlgorithm
    private let state: State

    private enum State {
        /// SHA-1: the running state, copied by value to read the digest so far.
        case sha1(UnsafeMutablePointer<SHA_CTX>)
        /// Every other algorithm: the running context and a scratch context reused by each read.
        case evp(context: OpaquePointer, scratch: OpaquePointer)
    }

    /// Starts an empty digest of `algorithm`.
    public init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        if algorithm == .sha1 {
            let context = UnsafeMutablePointer<SHA_CTX>.allocate(capacity: 1)
            guard shim_SHA1_Init(context) == 1 else { OpenSSLErrorQueue.fatal("SHA1_Init failed") }
            state = .sha1(context)
            return
        }
        let (context, scratch) = Self.makeContexts()
        guard EVP_DigestInit_ex2(context, algorithm.implementation, nil) == 1 else {
            OpenSSLErrorQueue.fatal("EVP_DigestInit_ex2 failed for \(algorithm.openSSLName)")
        }
        state = .evp(context: context, scratch: scratch)
    }

    /// An independent copy sharing no state: either may be updated without affecting the other.
    private init(copying other: RunningDigest) {
        algorithm = other.algorithm
        switch other.state {
        case .sha1(let source):
            let context = UnsafeMutablePointer<SHA_CTX>.allocate(capacity: 1)
            context.initialize(to: source.pointee)
            state = .sha1(context)
        case .evp(let source, _):
            let (context, scratch) = Self.makeContexts()
            guard EVP_MD_CTX_copy_ex(context, source) == 1 else {
                OpenSSLErrorQueue.fatal("EVP_MD_CTX_copy_ex failed")
            }
            state = .evp(context: context, scratch: scratch)
        }
    }

    private static func makeContexts() -> (OpaquePointer, OpaquePointer) {
        guard let context = EVP_MD_CTX_new(), let scratch = EVP_MD_CTX_new() else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_new failed (out of memory)")
        }
        return (context, scratch)
    }

    deinit {
        switch state {
        case .sha1(let context):
            // The state is derived from circuit keys (tor-spec 6.1 seeds it with Df or Db).
            OPENSSL_cleanse(context, MemoryLayout<SHA_CTX>.size)
            context.deallocate()
        case .evp(let context, let scratch):
            EVP_MD_CTX_free(context)
            EVP_MD_CTX_free(scratch)
        }
    }

    /// Absorbs `bytes`.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let absorbed: Int32
        switch state {
        case .sha1(let context): absorbed = shim_SHA1_Update(context, base, bytes.count)
        case .evp(let context, _): absorbed = EVP_DigestUpdate(context, base, bytes.count)
        }
        guard absorbed == 1 else { OpenSSLErrorQueue.fatal("updating the \(algorithm.openSSLName) digest failed") }
    }

    /// Absorbs `bytes`.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Absorbs `bytes`.
    public func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Absorbs the readable bytes of `buffer` without moving its reader index or copying.
    public func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { update($0) }
    }

    /// The digest of everything absorbed so far; the running state is left untouched.
    public func digestSoFar() -> [UInt8] {
        let length = algorithm.outputLength
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            digestSoFar(into: UnsafeMutableRawBufferPointer(buffer))
            initialized = length
        }
    }

    /// Writes the digest so far into the first ``DigestAlgorithm/outputLength`` bytes of
    /// `output` (which must be at least that long). For SHA-1 this allocates nothing.
    public func digestSoFar(into output: UnsafeMutableRawBufferPointer) {
        finishCopy(into: output, length: algorithm.outputLength)
    }

    /// For SHAKE-256 (and only it): the first `outputLength` bytes of the output stream for
    /// everything absorbed so far. The running state is left untouched, so absorbing more and
    /// squeezing again yields the output for the longer input, not a continuation.
    public func squeeze(outputLength: Int) -> [UInt8] {
        precondition(algorithm.isExtendableOutput, "squeeze(outputLength:) needs SHAKE-256")
        precondition(outputLength >= 0, "squeeze(outputLength:) needs a non-negative length")
        return [UInt8](unsafeUninitializedCapacity: outputLength) { buffer, initialized in
            finishCopy(into: UnsafeMutableRawBufferPointer(buffer), length: outputLength)
            initialized = outputLength
        }
    }

    /// An independent copy of the running state (for example to try a digest speculatively).
    public func copy() -> RunningDigest {
        RunningDigest(copying: self)
    }

    private func finishCopy(into output: UnsafeMutableRawBufferPointer, length: Int) {
        precondition(output.count >= length, "digest output buffer is shorter than \(length) bytes")
        guard length > 0 else { return }
        let target = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        switch state {
        case .sha1(let context):
            var finishing = context.pointee
            let finished = shim_SHA1_Final(target, &finishing)
            withUnsafeMutableBytes(of: &finishing) { OPENSSL_cleanse($0.baseAddress, $0.count) }
            guard finished == 1 else { OpenSSLErrorQueue.fatal("SHA1_Final failed") }
        case .evp(let context, let scratch):
            guard EVP_MD_CTX_copy_ex(scratch, context) == 1 else {
                OpenSSLErrorQueue.fatal("EVP_MD_CTX_copy_ex failed")
            }
            let finished =
                algorithm.isExtendableOutput
                ? EVP_DigestFinalXOF(scratch, target, length)
                : EVP_DigestFinal_ex(scratch, target, nil)
            guard finished == 1 else { OpenSSLErrorQueue.fatal("finishing the digest failed") }
        }
    }
}
