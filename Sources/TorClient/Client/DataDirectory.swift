#if canImport(Glibc)
import Glibc
#endif
import TorCore

extension TorClientError.Code {
    /// DataDirectory cannot be created or written.
    public static let dataDirectoryUnusable: Self = "client.data-directory"
    /// A listener could not be opened (port in use, address not local).
    public static let listenerBind: Self = "client.listener.bind"
    /// No directory source gave a usable consensus at startup.
    public static let bootstrapFailed: Self = "client.bootstrap.failed"
}

/// Makes sure DataDirectory exists, is a directory, is private (0700, as C tor insists) and
/// writable, before anything tries to keep state there.
enum DataDirectory {
    static func prepare(_ path: String) throws -> String {
        let directory = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var info = stat()
        if stat(directory, &info) != 0 {
            guard errno == ENOENT else { throw unusable(directory, errno) }
            guard mkdir(directory, 0o700) == 0 else { throw unusable(directory, errno) }
        } else if (info.st_mode & S_IFMT) != S_IFDIR {
            throw TorClientError(
                .dataDirectoryUnusable, kind: .badInput,
                "DataDirectory \(directory) is not a directory; point DataDirectory at a directory this user owns")
        } else if info.st_mode & 0o077 != 0, info.st_uid == getuid() {
            // C tor refuses a group- or world-readable DataDirectory; we tighten it instead.
            _ = chmod(directory, 0o700)
        }
        guard access(directory, W_OK | X_OK) == 0 else { throw unusable(directory, errno) }
        return directory
    }

    private static func unusable(_ directory: String, _ code: Int32) -> TorClientError {
        TorClientError(
            .dataDirectoryUnusable, kind: .badInput,
            "cannot use DataDirectory \(directory): \(String(cString: strerror(code))); "
                + "create it with mode 0700 for this user or point DataDirectory elsewhere")
    }
}
