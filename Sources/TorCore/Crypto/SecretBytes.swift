import CSodium

/// Secret key material (private keys, shared secrets, derived keys) that is wiped on release.
///
/// The bytes live in memory this object owns and never hands out except through
/// ``withUnsafeBytes(_:)`` or the explicit copy ``bytes``; when the last reference goes away the
/// storage is overwritten with `sodium_memzero`, which the compiler may not optimise away.
/// Immutable after creation, so it is safe to share across threads.
public final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into wiped-on-release storage. The caller should drop its own copy soon.
    public init(_ bytes: [UInt8]) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { source in
            if source.count > 0 { storage.copyMemory(from: source) }
        }
    }

    /// Creates `count` bytes written in place by `initializer`, so the secret never exists in an
    /// unwiped Swift array (used for derived keys and shared secrets).
    public init(count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        // If this throws, self is fully initialised, so deinit wipes and frees the storage.
        try initializer(storage)
    }

    deinit {
        Self.wipe(storage)
        storage.deallocate()
    }

    /// The number of secret bytes.
    public var count: Int { storage.count }

    /// A copy of the secret as an ordinary array, which is *not* wiped: use sparingly.
    public var bytes: [UInt8] { [UInt8](storage) }

    /// Calls `body` with read-only access to the secret; the pointer must not escape.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// True when both secrets are the same length and bytes, compared in constant time.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        withUnsafeBytes { mine in other.withUnsafeBytes { ConstantTime.equals(mine, $0) } }
    }

    private static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        _ = Sodium.ready
        sodium_memzero(base, buffer.count)
    }
}
