#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the torrc parser needs from the process: the home directory `~` stands for, and the
/// default torrc locations C tor uses for a user (tor(1), FILES).
public enum ConfigurationEnvironment {
    /// `$HOME`, else the password database's home for this user, else `/`.
    public static var homeDirectory: String {
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }

    /// Where C tor looks for a torrc when none is given, in order: `~/.torrc`, then `/etc/tor/torrc`.
    public static func defaultTorrcPaths(homeDirectory: String) -> [String] {
        let home = homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory
        return [home + "/.torrc", "/etc/tor/torrc"]
    }
}

/// Reads a torrc from disk (the one file-system access of the configuration code).
enum TorrcFile {
    /// The largest torrc read: far above any real one, and it keeps a wrong path (a device, a
    /// huge log) from being read into memory.
    static let maximumByteCount = 1 << 20

    /// True when `path` names a regular file (following links).
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The file's text (invalid UTF-8 is replaced, as the lexer only cares about ASCII syntax).
    static func readText(path: String) throws -> String {
        guard isRegularFile(path) || !fileExists(path) else {
            throw unreadable(path, "it is not a regular file")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumByteCount else {
                throw unreadable(path, "it is larger than \(maximumByteCount / 1024) KB, far more than any torrc")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    private static func unreadable(_ path: String, _ reason: String) -> TorCoreError {
        TorCoreError(
            .configUnreadable, kind: .badInput,
            "\(path): cannot read the torrc (\(reason)); check the path and its permissions, or pass another file with -f.")
    }
}
