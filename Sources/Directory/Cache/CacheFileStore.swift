#if canImport(Glibc)
import TorCore
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The file I/O under ``DirectoryCache``: whole files in one directory, written atomically.
///
/// A write goes to a temporary file in the same directory, is flushed with fsync, renamed over
/// the old file, and the directory is fsynced, so after a crash the name holds either the old
/// document or the new one, never a mix.
struct CacheFileStore: Sendable {
    /// The largest cache file read back (the consensus limit plus room for microdescriptors).
    static let maximumFileSize = 64 << 20

    /// The directory holding the files.
    let directory: String

    /// Creates `directory` (mode 0700, as tor does for its DataDirectory) if it is missing.
    func prepare() throws(DirectoryError) {
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw Self.failure("create the cache directory", errno)
        }
    }

    /// The contents of `name`, or nil when it does not exist.
    func read(_ name: String) throws(DirectoryError) -> [UInt8]? {
        let descriptor = open(path(name), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw Self.failure("open \(name)", errno)
        }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("read \(name)", errno)
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
            guard contents.count <= Self.maximumFileSize else {
                throw DirectoryError(
                    .cacheIO, kind: .resource, "\(name) is larger than \(Self.maximumFileSize) bytes; it is ignored")
            }
        }
    }

    /// Replaces `name` with `bytes` atomically (temporary file, fsync, rename, fsync of the directory).
    func write(_ name: String, _ bytes: [UInt8]) throws(DirectoryError) {
        let temporary = path(name) + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("create \(name).tmp", errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw Self.failure("write \(name).tmp", code)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw Self.failure("flush \(name).tmp", code)
        }
        close(descriptor)
        guard rename(temporary, path(name)) == 0 else {
            let code = errno
            unlink(temporary)
            throw Self.failure("rename \(name).tmp over \(name)", code)
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            // The rename is durable only once the directory entry is.
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Deletes `name`; a missing file is not an error.
    func remove(_ name: String) {
        unlink(path(name))
    }

    /// The full path of `name`.
    func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func failure(_ action: String, _ code: Int32) -> DirectoryError {
        DirectoryError(
            .cacheIO, kind: .resource,
            "Could not \(action) in the DataDirectory: \(String(cString: strerror(code))); "
                + "check that it exists and is writable")
    }
}

extension DirectoryError.Code {
    /// A cache file could not be read or written (kind `.resource`).
    public static let cacheIO: Self = "dir.cache.io"
}
