#if canImport(Glibc)
import Glibc
#endif

/// Writes to file descriptor 2 directly: the C `stderr` global is not concurrency-safe in
/// Swift 6, and a line must not wait in a buffer.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
