import TorCore

/// The error codes of the live torrc (watching, reloading, SETCONF, SAVECONF).
extension TorClientError.Code {
    /// The torrc is missing, not a regular file, too large or unreadable.
    public static let reloadUnreadable: Self = "reload.unreadable"
    /// The torrc could not be written (SAVECONF).
    public static let reloadSaveFailed: Self = "reload.saveFailed"
    /// A SETCONF value that cannot be written as one torrc line.
    public static let reloadBadValue: Self = "reload.badValue"
}
