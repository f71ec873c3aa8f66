import TorCore

extension TorClient {
    /// Reads the torrc again and applies it (replaced by the reloader once merged).
    func reload(trigger: String) async {
        logger.notice("Received reload signal (\(trigger)).")
    }
}
