import ControlPort
import Logging
import NIOCore
import TorCore

/// The running client's control port in one piece: the authentication policy from the torrc
/// (writing a fresh cookie when CookieAuthentication is on), the listeners on every
/// `ControlPort`, the ``ClientControlBackend`` over the client, and the once-a-second BW events.
///
/// Start it after the client can answer ``ControlledClient`` calls; ``stop()`` closes the
/// listeners and ends the BW task. Open controller connections end when the client exits.
public final class ClientControlPort: Sendable {
    /// The bound listeners (their `localAddresses` tell the ports of `auto` endpoints).
    public let listener: ControlPortListener
    /// Where the client reports circuits, streams, bootstrap steps and log lines.
    public let events: ClientControlEvents
    private let bandwidthTask: Task<Void, Never>

    private init(listener: ControlPortListener, events: ClientControlEvents, bandwidthTask: Task<Void, Never>) {
        self.listener = listener
        self.events = events
        self.bandwidthTask = bandwidthTask
    }

    /// Starts the control port `configuration` asks for, or returns nil when it has no
    /// ControlPort. Throws the ControlPort module's `cookieFile` or `bindFailed` errors, whose
    /// reasons say what to change.
    public static func start(
        configuration: TorConfiguration, client: any ControlledClient, group: any EventLoopGroup, logger: Logger,
        clock: any ResilienceClock = SystemResilienceClock()
    ) async throws -> ClientControlPort? {
        guard !configuration.controlPorts.isEmpty else { return nil }
        let policy = try ControlAuthenticationPolicy.make(for: configuration)
        if policy.allowsNullAuthentication {
            logger.warning("ControlPort is open without authentication: set CookieAuthentication 1 or HashedControlPassword")
        }
        let listener = try await ControlPortListener.bind(
            endpoints: configuration.controlPorts, group: group, policy: policy, torVersion: client.version,
            backend: ClientControlBackend(client: client), logger: logger)
        let events = ClientControlEvents(hub: listener.events)
        let reporter = BandwidthEventReporter(client: client, events: events, clock: clock)
        let task = Task { await reporter.run() }
        return ClientControlPort(listener: listener, events: events, bandwidthTask: task)
    }

    /// Stops accepting controllers and ends the BW events.
    public func stop() async {
        bandwidthTask.cancel()
        await listener.close()
    }
}
