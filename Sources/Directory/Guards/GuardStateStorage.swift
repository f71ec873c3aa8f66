#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system side of the guard state: read the file, replace it atomically, and set a
/// damaged one aside. Nothing else in the guard code touches the disk.
enum GuardStateStorage {
    /// Where a new state is written before it replaces the old one.
    static func temporaryPath(for path: String) -> String { path + ".tmp" }

    /// Where a damaged state file is moved so that it is neither trusted nor lost.
    static func damagedPath(for path: String) -> String { path + ".damaged" }

    /// The file's bytes, or nil when it does not exist.
    static func contents(of path: String) throws(DirectoryError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw failure("cannot read \(path)")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(path)")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            // One byte over the limit is enough for the decoder to call the file damaged.
            if bytes.count > GuardStateFile.maximumByteCount { return bytes }
        }
    }

    /// Replaces `path` with `bytes` so that a crash at any moment leaves either the old file or
    /// the new one, never a mix: write a temporary file beside it, flush it to disk, rename it
    /// over the old one (rename is atomic within a directory), then flush the directory.
    /// Creates the directory (mode 0700, as tor does for its DataDirectory) if missing.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DirectoryError) {
        let directory = directoryPart(of: path)
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw failure("cannot create the directory \(directory)") }
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("cannot flush \(temporary) to disk")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            // Makes the rename itself durable; a failure here loses nothing already written.
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Moves a damaged file to ``damagedPath(for:)``, replacing an older damaged copy.
    static func setAside(path: String) throws(DirectoryError) {
        guard rename(path, damagedPath(for: path)) == 0 else { throw failure("cannot move \(path) aside") }
    }

    private static func directoryPart(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// An I/O error naming the failed step and errno's text.
    private static func failure(_ step: String) -> DirectoryError {
        let reason = String(cString: strerror(errno))
        return DirectoryError(.guardStateIO, kind: .resource,
            "The guard state file: \(step) (\(reason)); check that the DataDirectory exists and is writable by this user")
    }
}
