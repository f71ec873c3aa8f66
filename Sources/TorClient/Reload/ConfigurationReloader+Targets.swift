import Circuit
import TorCore

/// Ready-made targets for the components this module and its dependencies own. The circuit
/// pool and the listeners are registered by the core with ``ConfigurationReloader/register(_:_:)``
/// and ``ConfigurationReloader/registerListeners(_:_:)``.
extension ConfigurationReloader {
    /// `LogLevel`, `Log` and `SafeLogging` in `router`: the sinks are rebuilt only when the
    /// severities or destinations change, and a log file already open stays open. A new log
    /// file that cannot be opened fails this target only; the old sinks stay.
    public func registerLogging(_ router: TorLogRouter) {
        register("log router") { plan in
            SafeLogging.isEnabled = plan.configuration.safeLogging.scrubsClientMessages
            let before = TorLogRouter.severityRanges(for: plan.previous)
            let after = TorLogRouter.severityRanges(for: plan.configuration)
            let unchanged = before.count == after.count && zip(before, after).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            guard !unchanged else { return }
            try router.reconfigure(for: plan.configuration)
        }
    }

    /// `EnableConnectionPooling`, `ConnectionPoolMaxIdle` and `ConnectionPoolMaxLife` in
    /// `manager`; they take effect at its next request and sweep.
    public func registerChannelPool(_ manager: ChannelManager) {
        register("channel pool") { plan in
            await manager.update(settings: ChannelPoolSettings(plan.configuration.reloadable))
        }
    }

    /// `EnableBufferPooling` for every channel's cell buffers (``Circuit/CellBufferPool``),
    /// from the next cell on. Applied once at registration too, so the start-up value holds.
    /// A change is logged with the buffers reused so far, so a user can see pooling act: the
    /// count stands still while it is off and grows with traffic while it is on.
    public func registerCellBuffers() {
        CellBufferPool.isEnabled = configuration.reloadable.enableBufferPooling
        let logger = self.logger
        register("cell buffers") { plan in
            let enabled = plan.configuration.reloadable.enableBufferPooling
            guard enabled != CellBufferPool.isEnabled else { return }
            CellBufferPool.isEnabled = enabled
            logger.notice("Cell buffer pooling is now \(enabled ? "on" : "off") (\(CellBufferPool.totalReused) cell buffers reused since start).")
        }
    }
}
