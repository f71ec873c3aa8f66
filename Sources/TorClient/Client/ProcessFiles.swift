import Glibc
import TorCore

/// `PidFile` and `ControlPortWriteToFile` (tor(1)): small files that tell other programs how to
/// find this client, written whole (a temporary file renamed over the path, so a reader never
/// sees half of one) and removed on a clean exit, as C tor does.
enum ProcessFiles {
    /// `PidFile`'s text: the process ID and a newline.
    static var processIDText: String { "\(getpid())\n" }

    /// `ControlPortWriteToFile`'s text: `PORT=ADDRESS:PORT` per control listener, C tor's form.
    static func controlPortText(_ addresses: [String]) -> String {
        addresses.map { "PORT=\($0)\n" }.joined()
    }

    /// Writes `text` to `path`, readable by its owner only unless `groupReadable`.
    ///
    /// - Throws: ``TorClientError`` `client.file-write` naming the path and the system error.
    static func write(_ text: String, to path: String, groupReadable: Bool = false) throws {
        let temporary = path + ".tmp-\(getpid())"
        let mode: mode_t = groupReadable ? 0o640 : 0o600
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let error = failure("cannot write \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            offset += written
        }
        // The mode asked for, whatever the umask took away from it at open(2).
        fchmod(descriptor, mode)
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot replace \(path)")
            unlink(temporary)
            throw error
        }
    }

    /// Removes `path`, which this process wrote; a file already gone is not an error.
    static func remove(_ path: String) {
        unlink(path)
    }

    private static func failure(_ what: String) -> TorClientError {
        TorClientError(
            .fileWrite, kind: .resource,
            "\(what): \(String(cString: strerror(errno))). Check that the directory exists and is writable")
    }
}

extension TorClientError.Code {
    /// A file the torrc asks for (PidFile, ControlPortWriteToFile) could not be written.
    public static let fileWrite: Self = "client.file-write"
}
