import Glibc

/// Whole-file writes that a reader never sees half done: a temporary file beside the target,
/// written out, optionally synced, then renamed over it (rename(2) replaces atomically).
/// SAVECONF, PidFile and ControlPortWriteToFile write this way.
enum AtomicFile {
    /// Writes `bytes` to `path` with permissions `mode` (whatever the umask), fsync'd first
    /// when `sync`. Returns nil, or what failed with the system's reason
    /// (`cannot create /x.tmp-42: Permission denied`); the temporary file is removed then.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t, sync: Bool) -> String? {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return failure("cannot create \(temporary)") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = failure("cannot write \(temporary)")
                close(descriptor)
                unlink(temporary)
                return reason
            }
            offset += written
        }
        fchmod(descriptor, mode)
        let synced = !sync || fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let reason = failure("cannot replace \(path)")
            unlink(temporary)
            return reason
        }
        return nil
    }

    /// `what`, then errno's text, read before anything else can change errno.
    private static func failure(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
