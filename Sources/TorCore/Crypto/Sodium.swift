import CSodium

/// One-time initialisation of libsodium, which its documentation requires before any other call.
///
/// Every public entry point that reaches libsodium reads ``ready`` first; Swift runs the
/// initialiser exactly once, thread-safely.
enum Sodium {
    /// Evaluating this initialises libsodium (idempotent; `sodium_init` returns 1 when already done).
    static let ready: Void = {
        if sodium_init() < 0 {
            // Only fails when the system offers no usable randomness source: nothing is safe then.
            fatalError("libsodium could not initialise (no system randomness source)")
        }
    }()
}

/// Calls `body` with a pointer that is never nil, even for an empty array.
///
/// C APIs such as OpenSSL's MAC and KDF functions treat a NULL pointer as "not set", which differs
/// from "set to zero bytes"; Swift may hand out a nil base address for empty storage.
@inline(__always)
func withNonNullBytes<Result>(
    _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) throws -> Result
) rethrows -> Result {
    try bytes.withUnsafeBufferPointer { buffer in
        if let base = buffer.baseAddress {
            return try body(base, buffer.count)
        }
        var placeholder: UInt8 = 0
        return try withUnsafePointer(to: &placeholder) { try body($0, 0) }
    }
}

/// Zeroes a temporary array that held secret bytes before it is released.
func wipe(_ bytes: inout [UInt8]) {
    _ = Sodium.ready
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress, buffer.count > 0 { sodium_memzero(base, buffer.count) }
    }
}
