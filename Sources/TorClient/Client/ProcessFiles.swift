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
        if let failure = AtomicFile.write(Array(text.utf8), to: path, mode: groupReadable ? 0o640 : 0o600, sync: false) {
            throw TorClientError(.fileWrite, kind: .resource, "\(failure). Check that the directory exists and is writable")
        }
    }

    /// Removes `path`, which this process wrote; a file already gone is not an error.
    static func remove(_ path: String) {
        unlink(path)
    }
}

extension TorClientError.Code {
    /// A file the torrc asks for (PidFile, ControlPortWriteToFile) could not be written.
    public static let fileWrite: Self = "client.file-write"
}
