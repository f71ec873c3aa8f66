import Dispatch
import Foundation

/// SIGHUP as C tor treats it: reload the torrc (tor(1), SIGNALS: "SIGHUP ... reload its
/// configuration"). Through the same path as the poll loop and SIGNAL RELOAD.
///
/// While installed, SIGHUP's default action (terminate) is off; ``cancel()`` restores it.
/// Unchecked `Sendable`: the only state is a dispatch source, whose methods are thread-safe.
public final class ReloadSignalHandler: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    /// Starts calling `reloader.reload(trigger: .signal)` on every SIGHUP the process receives.
    public init(reloader: ConfigurationReloader) {
        // Ignored at the process level so the dispatch source, not the default action, sees it.
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            Task { await reloader.reload(trigger: .signal) }
        }
        source.resume()
        self.source = source
    }

    /// Stops handling SIGHUP and gives it back its default action.
    public func cancel() {
        source.cancel()
        signal(SIGHUP, SIG_DFL)
    }
}
