#if canImport(Glibc)
import Glibc
#endif

/// Runs a closure on its own detached POSIX thread, named for `ps -L` and debuggers.
///
/// Foundation's `Thread` did this before; the client no longer links swift-corelibs-foundation
/// (with its ICU, several MiB resident), so the few threads it starts itself go straight to
/// pthreads.
enum DetachedThread {
    /// Starts `body` on a new detached thread called `name` (the kernel keeps at most 15 bytes).
    /// Returns false, without running `body`, when the thread cannot be made.
    @discardableResult
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(ThreadContext(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, detachedThreadEntry, context)
        pthread_attr_destroy(&attributes)
        if result != 0 { ThreadContext.release(context) }
        return result == 0
    }
}

/// The thread's first function: takes back the context `start` retained and runs its body.
private func detachedThreadEntry(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let raw else { return nil }
    let context = Unmanaged<ThreadContext>.fromOpaque(raw).takeRetainedValue()
    context.nameCurrentThread()
    context.body()
    return nil
}

/// What the new thread needs, carried through pthread_create's single pointer.
private final class ThreadContext: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    /// Balances the retain of a context whose thread was never made.
    static func release(_ raw: UnsafeMutableRawPointer) {
        Unmanaged<ThreadContext>.fromOpaque(raw).release()
    }

    /// Names the calling thread through /proc (pthread_setname_np needs _GNU_SOURCE, which Swift's
    /// Glibc module does not define); the kernel keeps at most 15 bytes. Best effort: a name is
    /// only for `ps -L` and debuggers.
    func nameCurrentThread() {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}
