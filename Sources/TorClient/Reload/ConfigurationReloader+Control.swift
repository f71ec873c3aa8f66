import ControlPort
import Glibc
import TorCore

/// SETCONF and SAVECONF (control-spec.txt §3.1, §3.6) over the live torrc.
extension ConfigurationReloader {
    /// SETCONF / RESETCONF: the running torrc text with `changes` applied is validated whole
    /// and applied like a reload, or nothing changes (§3.1, "all or nothing").
    /// - Throws: ``TorCore/ConfigurationProblems`` (each reason names the option and what to
    ///   do) when the result is invalid; ``TorClientError`` `reload.badValue` or
    ///   `reload.unreadable` when the text cannot be built.
    @discardableResult
    public func setConfiguration(_ changes: [ControlConfigurationChange]) async throws -> ReloadOutcome {
        let base: String
        if let runningText {
            base = runningText
        } else {
            // The file was not polled yet: its text is the base, and it counts as seen, or the
            // first poll would take it for an edit and undo this SETCONF.
            base = try currentFileText()
            watcher.markSeen(TorrcVersion(bytes: Array(base.utf8)))
        }
        let text = try TorrcEditor.applying(changes, to: base)
        let loaded: TorConfiguration
        let warnings: [ConfigurationWarning]
        (loaded, warnings) = try TorConfiguration.parse(text: text, fileName: path, homeDirectory: planner.homeDirectory)
        let outcome = ReloadPlanner.merge(
            running: configuration, loaded: loaded, warnings: warnings, rebindsListenersLive: planner.rebindsListenersLive)
        logger.notice("Applying SETCONF to the running configuration.")
        return await settle(outcome, text: text, trigger: .control)
    }

    /// SAVECONF: writes the running torrc text (the file as last accepted, with SETCONF changes)
    /// over the torrc, atomically (a temporary file in the same directory, then rename(2)).
    /// - Throws: ``TorClientError`` `reload.saveFailed` naming the path and the system error.
    public func save() throws {
        let text = try runningText ?? currentFileText()
        let bytes = Array(text.utf8)
        if let failure = AtomicFile.write(bytes, to: path, mode: 0o600, sync: true) {
            throw TorClientError(
                .reloadSaveFailed, kind: .internalFailure, "\(failure); check the directory's permissions and free space")
        }
        // The file now holds what runs: the next poll must not treat it as an edit.
        watcher.markSeen(TorrcVersion(bytes: bytes))
        logger.notice("Saved the running configuration to \(path).")
    }

    private func currentFileText() throws -> String {
        try watcher.currentText()
    }
}
