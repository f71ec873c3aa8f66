import Glibc
import TorCore

/// What one stat(2) of the torrc says: enough to notice nearly every edit without reading the
/// file (an editor's rename changes the inode, an append the size, any write the mtime).
public struct TorrcFileStatus: Sendable, Equatable {
    /// The last modification, as wall-clock time since the Unix epoch, to the nanosecond where
    /// the file system keeps it.
    public var modified: Duration
    /// The size in bytes.
    public var size: Int64
    /// The inode number.
    public var inode: UInt64
    /// The device the inode lives on.
    public var device: UInt64

    /// A status.
    public init(modified: Duration, size: Int64, inode: UInt64, device: UInt64) {
        self.modified = modified
        self.size = size
        self.inode = inode
        self.device = device
    }
}

/// How the ``TorrcWatcher`` looks at the file: the real file system, or a scripted one in tests.
public protocol TorrcFileSystem: Sendable {
    /// The file's status; throws a ``TorClientError`` when it is missing or cannot be examined.
    func status(of path: String) throws -> TorrcFileStatus
    /// The whole file; throws a ``TorClientError`` when it cannot be read.
    func contents(of path: String) throws -> [UInt8]
}

/// The local file system, through stat(2) and read(2).
public struct LocalTorrcFileSystem: TorrcFileSystem {
    /// The largest torrc read while running, as at start (1 MiB): a wrong path must not pull a
    /// huge file into memory at every poll.
    public static let maximumByteCount: Int64 = 1 << 20

    /// The local file system.
    public init() {}

    /// stat(2) of `path`, following links; it must name a regular file.
    public func status(of path: String) throws -> TorrcFileStatus {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.unreadable(path, String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw Self.unreadable(path, "it is not a regular file") }
        return TorrcFileStatus(
            modified: .seconds(Int64(info.st_mtim.tv_sec)) + .nanoseconds(Int64(info.st_mtim.tv_nsec)),
            size: Int64(info.st_size), inode: UInt64(info.st_ino), device: UInt64(info.st_dev))
    }

    /// The bytes of `path`, at most ``maximumByteCount``.
    public func contents(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.unreadable(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.unreadable(path, String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            guard Int64(bytes.count) <= Self.maximumByteCount else {
                throw Self.unreadable(path, "it is larger than \(Self.maximumByteCount / 1024) KB, far more than any torrc")
            }
        }
    }

    private static func unreadable(_ path: String, _ why: String) -> TorClientError {
        TorClientError(
            .reloadUnreadable, kind: .badInput,
            "cannot read \(path): \(why); fix the file or its permissions (the running configuration stays)")
    }
}
