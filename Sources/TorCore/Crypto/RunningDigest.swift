import COpenSSL
import NIOCore

/// A hash that keeps absorbing bytes and can report its digest at any point without ending.
///
/// Tor's relay-cell digest (tor-spec 6.1) is a running SHA-1 over every relay cell sent or
/// received on a hop, and each cell needs the digest *so far*; ``digestSoFar()`` copies the
/// OpenSSL state into a scratch context and finishes that copy, leaving this one running.
///
/// Not thread-safe: one instance belongs to one hop on one event loop.
public final class RunningDigest {
    /// The algorithm this digest computes.
    public let algorithm: DigestAlgorithm
    private let context: OpaquePointer
    /// Reused by every `digestSoFar` so reading the digest does not create a context per cell.
    private let scratch: OpaquePointer

    /// Starts an empty digest of `algorithm`.
    public init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        guard let context = EVP_MD_CTX_new(), let scratch = EVP_MD_CTX_new() else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_new failed (out of memory)")
        }
        self.context = context
        self.scratch = scratch
        guard EVP_DigestInit_ex2(context, algorithm.implementation, nil) == 1 else {
            OpenSSLErrorQueue.fatal("EVP_DigestInit_ex2 failed for \(algorithm.openSSLName)")
        }
    }

    /// An independent copy sharing no state: either may be updated without affecting the other.
    private init(copying other: RunningDigest) {
        algorithm = other.algorithm
        guard let context = EVP_MD_CTX_new(), let scratch = EVP_MD_CTX_new() else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_new failed (out of memory)")
        }
        self.context = context
        self.scratch = scratch
        guard EVP_MD_CTX_copy_ex(context, other.context) == 1 else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_copy_ex failed")
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_CTX_free(scratch)
    }

    /// Absorbs `bytes`.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            OpenSSLErrorQueue.fatal("EVP_DigestUpdate failed")
        }
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
    /// `output` (which must be at least that long) without allocating a Swift array.
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
        guard EVP_MD_CTX_copy_ex(scratch, context) == 1 else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_copy_ex failed")
        }
        let target = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let finished: Int32
        if algorithm.isExtendableOutput {
            finished = EVP_DigestFinalXOF(scratch, target, length)
        } else {
            finished = EVP_DigestFinal_ex(scratch, target, nil)
        }
        guard finished == 1 else { OpenSSLErrorQueue.fatal("finishing the digest failed") }
    }
}
