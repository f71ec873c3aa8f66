import TorCore

extension TorClient {
    /// Reads the torrc again and applies what can change while running (SIGHUP, SIGNAL
    /// RELOAD); without a torrc file there is nothing to read.
    func reload(trigger: String) async {
        guard let reloader = parts.reloader else {
            logger.notice("Received reload signal (\(trigger)), but the client runs without a torrc file; nothing to reload.")
            return
        }
        let before = await reloader.configuration
        await reloader.reload(trigger: trigger == "SIGHUP" ? .signal : .control)
        // Controllers hear of the reload (SIGNAL RELOAD) and of each option it changed.
        let lines = ClientOptionValues.changes(from: before, to: await reloader.configuration)
        eventSink.send { events in
            events.signalReceived("RELOAD")
            events.configurationChanged(lines)
        }
    }
}
