import NIOConcurrencyHelpers
import TorClient

/// Carries signals to the client, which may not exist yet when the first one arrives (a
/// Ctrl-C during startup): a shutdown asked before the client is attached is remembered and
/// honoured once it is.
final class ClientBox: Sendable {
    private let state = NIOLockedValueBox<(client: TorClient?, shutdown: String?)>((nil, nil))

    /// Records a shutdown request and forwards it; false when one was already requested.
    func requestShutdown(reason: String) -> Bool {
        let (client, first) = state.withLockedValue { state -> (TorClient?, Bool) in
            let first = state.shutdown == nil
            if first { state.shutdown = reason }
            return (state.client, first)
        }
        if first { client?.requestShutdown(reason: reason) }
        return first
    }

    /// Whether a shutdown was requested.
    var isShutdownRequested: Bool { state.withLockedValue { $0.shutdown != nil } }

    /// Forwards SIGHUP to the client's reloader.
    func reload() {
        state.withLockedValue { $0.client }?.requestReload(trigger: "SIGHUP")
    }

    /// Attaches the started client, passing on a shutdown asked for meanwhile.
    func attach(_ client: TorClient) {
        let pending = state.withLockedValue { state -> String? in
            state.client = client
            return state.shutdown
        }
        if let pending { client.requestShutdown(reason: pending) }
    }
}
