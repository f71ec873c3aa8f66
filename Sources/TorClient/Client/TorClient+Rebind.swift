import Logging
import TorCore

extension TorClient {
    /// Applies a reload's SocksPort and ControlPort changes live, which C tor's reload does not:
    /// the old listening sockets close (connections already accepted carry on) and the new
    /// ones open. If a new SocksPort cannot be bound, the old ones are bound again and the
    /// reload reports the failure, so the client never ends up with no SOCKS port it had.
    func rebindListeners(_ plan: ReloadPlan) async throws {
        let changed = Set(plan.listenerChanges.map(\.option))
        let previous = configuration
        configuration = plan.configuration
        if changed.contains("SocksPort") {
            for listener in socksListeners { try? await listener.close() }
            socksListeners = []
            do {
                try await openListeners()
            } catch {
                logger.warning("Could not open the new SocksPort listeners (\(error)); keeping the old ones.")
                configuration.socksPorts = previous.socksPorts
                try? await openListeners()
                throw error
            }
        }
        if changed.contains("ControlPort") {
            await controlPort?.stop()
            controlPort = nil
            eventSink.attach(nil)
            try await openControlPort()
        }
    }
}
