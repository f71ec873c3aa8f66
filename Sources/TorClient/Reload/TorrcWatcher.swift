import Glibc
import TorCore

/// One version of the torrc's content: the text and its SHA-256, which tells versions apart.
public struct TorrcVersion: Sendable, Equatable {
    /// The file's text (invalid UTF-8 replaced, as at start).
    public let text: String
    /// SHA-256 of the file's bytes.
    public let digest: [UInt8]

    /// The version of `bytes`.
    public init(bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        digest = Digest.sha256(bytes)
    }
}

/// What one look at the torrc found.
public enum TorrcWatchEvent: Sendable, Equatable {
    /// Nothing new: the same content as last time, or the same failure as last time.
    case unchanged
    /// Content not seen at the previous look (or any content, when the look was forced).
    case changed(TorrcVersion)
    /// The file is missing or unreadable; reported once per distinct failure.
    case unreadable(String)
}

/// Notices edits to the torrc cheaply: a stat(2) per poll, and a read only when the stat changed
/// or the file was modified so shortly before the last read that a later edit could share its
/// timestamp (file systems with one-second mtimes, an editor writing twice in one second).
/// A new version is reported only when the content's SHA-256 differs from the last one seen, so
/// a `touch` or a rewrite with the same text is not a reload.
///
/// Sans-IO in the sense that matters for tests: the file system and the wall clock are injected.
public struct TorrcWatcher: Sendable {
    /// How close to the last read a modification must be for the next poll to read again even
    /// though the stat looks the same: above the coarsest common mtime granularity (1 s).
    public static let sameTimestampWindow: Duration = .seconds(2)

    /// The torrc's path, as given (it names the file in messages).
    public let path: String
    private let fileSystem: any TorrcFileSystem
    private let wallClock: @Sendable () -> Duration
    private var lastStatus: TorrcFileStatus?
    private var lastReadAt: Duration?
    private var lastDigest: [UInt8]?
    private var lastFailure: String?

    /// A watcher of `path`; the first look reads the file.
    /// - Parameter wallClock: the time since the Unix epoch (the clock mtimes are on).
    public init(
        path: String, fileSystem: any TorrcFileSystem = LocalTorrcFileSystem(),
        wallClock: @escaping @Sendable () -> Duration = TorrcWatcher.systemWallClock
    ) {
        self.path = path
        self.fileSystem = fileSystem
        self.wallClock = wallClock
    }

    /// Looks at the file. With `force` (SIGHUP, SIGNAL RELOAD) the file is read and reported
    /// even when nothing seems to have changed, and a failure is reported again.
    public mutating func poll(force: Bool = false) -> TorrcWatchEvent {
        let status: TorrcFileStatus
        do {
            status = try fileSystem.status(of: path)
        } catch {
            return failed(error, force: force)
        }
        let mayHaveChangedUnseen = lastReadAt.map { status.modified + Self.sameTimestampWindow > $0 } ?? true
        guard force || status != lastStatus || mayHaveChangedUnseen else { return .unchanged }
        let readAt = wallClock()
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.contents(of: path)
        } catch {
            return failed(error, force: force)
        }
        lastStatus = status
        lastReadAt = readAt
        lastFailure = nil
        let version = TorrcVersion(bytes: bytes)
        guard force || version.digest != lastDigest else { return .unchanged }
        lastDigest = version.digest
        return .changed(version)
    }

    /// The file's text now, without changing what counts as seen.
    public func currentText() throws -> String {
        String(decoding: try fileSystem.contents(of: path), as: UTF8.self)
    }

    /// Takes `version` as seen, so the next poll reports only content that differs from it
    /// (after SAVECONF wrote it).
    public mutating func markSeen(_ version: TorrcVersion) {
        lastDigest = version.digest
    }

    private mutating func failed(_ error: any Error, force: Bool) -> TorrcWatchEvent {
        // Forget the stat, so the file's return is read however it looks.
        lastStatus = nil
        lastReadAt = nil
        let message = (error as? TorClientError)?.reason ?? "cannot read \(path): \(error)"
        guard force || message != lastFailure else { return .unchanged }
        lastFailure = message
        return .unreadable(message)
    }

    /// The system's wall clock, since the Unix epoch.
    public static let systemWallClock: @Sendable () -> Duration = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return .seconds(Int64(now.tv_sec)) + .nanoseconds(Int64(now.tv_nsec))
    }
}
