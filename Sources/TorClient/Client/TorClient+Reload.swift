import TorCore

extension TorClient {
    /// Reads the torrc again and applies what can change while running (SIGHUP, SIGNAL
    /// RELOAD); without a torrc file there is nothing to read.
    func reload(trigger: String) async {
        guard let reloader = parts.reloader else {
            logger.notice("Received reload signal (\(trigger)), but the client runs without a torrc file; nothing to reload.")
            return
        }
        await reloader.reload(trigger: trigger == "SIGHUP" ? .signal : .control)
    }
}
