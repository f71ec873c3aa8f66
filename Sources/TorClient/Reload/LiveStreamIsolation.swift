import NIOConcurrencyHelpers
import TorCore

/// The torrc-wide isolation options (`IsolateDestinations`, `IsolateSOCKSAuth`,
/// `IsolateClientPort`, `IsolateClientProtocol`) as they are now, for the code that picks a
/// circuit for each new stream.
///
/// Read once per new stream (a lock, never per cell). A stream keeps the isolation it was
/// given when it opened, so a reload changes new streams only and existing ones continue
/// undisturbed. SocksPort flags still override the torrc-wide values for their port
/// (``TorCore/StreamIsolationFlags/resolved(with:)``).
public final class LiveStreamIsolation: Sendable {
    private let box: NIOLockedValueBox<ReloadableSettings>

    /// Starts from `settings` (the configuration the client started with).
    public init(_ settings: ReloadableSettings) {
        self.box = NIOLockedValueBox(settings)
    }

    /// The isolation a new stream arriving on `port` gets.
    public func isolation(for port: SocksPortConfiguration) -> ResolvedStreamIsolation {
        port.isolation.resolved(with: box.withLockedValue { $0 })
    }

    /// The reloadable settings in force now, for keys made with ``SocksListenerIsolation``.
    public var settings: ReloadableSettings { box.withLockedValue { $0 } }

    /// Takes reloaded settings; streams opened from now on use them.
    public func update(_ newSettings: ReloadableSettings) {
        box.withLockedValue { $0 = newSettings }
    }
}

extension ConfigurationReloader {
    /// The four isolation options in `isolation`, for streams opened after the reload.
    public func registerStreamIsolation(_ isolation: LiveStreamIsolation) {
        register("stream isolation") { plan in
            isolation.update(plan.configuration.reloadable)
        }
    }
}
