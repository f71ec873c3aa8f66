import Glibc
import TorCore

/// The control-port authentication cookie file (control-spec.txt §3.5 COOKIE, §3.24
/// SAFECOOKIE; torrc CookieAuthFile, default `DataDirectory/control_auth_cookie`).
///
/// The file holds exactly ``byteCount`` random bytes, mode 0600. It is written to a temporary
/// name in the same directory and renamed over the old file, so a controller never reads a
/// partial cookie.
public enum ControlCookie {
    /// Cookie length in bytes (control-spec §3.5: "32 bytes").
    public static let byteCount = 32
    /// The file name under DataDirectory when CookieAuthFile is not set.
    public static let defaultFileName = "control_auth_cookie"

    /// Makes a new random cookie, writes it atomically to `path` with mode 0600, and returns it.
    public static func create(at path: String) throws(ControlPortError) -> SecretBytes {
        let cookie = SecretBytes(SecureRandom.bytes(byteCount))
        let temporary = path + ".tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        let written = cookie.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == byteCount, synced else {
            unlink(temporary)
            throw failure("write", temporary)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("rename to", path)
        }
        return cookie
    }

    /// Reads a cookie file; throws unless it holds exactly ``byteCount`` bytes.
    public static func read(at path: String) throws(ControlPortError) -> SecretBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: byteCount + 1)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count == byteCount else {
            throw ControlPortError(
                .cookieFile, kind: .badInput,
                "cookie file \(Redacted(path)) is not \(byteCount) bytes long; delete it and restart")
        }
        return SecretBytes(Array(bytes[0..<byteCount]))
    }

    private static func failure(_ action: String, _ path: String) -> ControlPortError {
        let reason = String(cString: strerror(errno))
        return ControlPortError(
            .cookieFile, kind: .internalFailure,
            "cannot \(action) control cookie file \(Redacted(path)): \(reason); check that the directory exists and is writable")
    }
}
