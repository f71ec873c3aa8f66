import Logging
import NIOCore
import NIOPosix
import TorCore

/// The control-port listeners of one client: binds every configured ControlPort address and
/// gives each accepted connection its own ``ControlConnectionHandler`` (control-spec.txt §1).
///
/// Addresses come from torrc `ControlPort`, which defaults to 127.0.0.1; a non-loopback address
/// is bound as asked but logged as a warning, because the port controls the whole client.
public final class ControlPortListener: Sendable {
    /// The bound addresses, in endpoint order (useful with `auto` ports).
    public let localAddresses: [SocketAddress]
    /// Where the client publishes events for subscribed controllers.
    public let events: ControlEventHub
    private let channels: [any Channel]

    private init(channels: [any Channel], events: ControlEventHub) {
        self.channels = channels
        self.events = events
        self.localAddresses = channels.compactMap(\.localAddress)
    }

    /// Binds `endpoints` and starts accepting; throws `bindFailed` (closing what was bound).
    public static func bind(
        endpoints: [ListenEndpoint], group: any EventLoopGroup, policy: ControlAuthenticationPolicy,
        torVersion: String, backend: any ControlPortBackend, events: ControlEventHub = ControlEventHub(),
        logger: Logger
    ) async throws -> ControlPortListener {
        var channels: [any Channel] = []
        for endpoint in endpoints {
            let port: Int
            switch endpoint.port {
            case .automatic: port = 0
            case .fixed(let value): port = Int(value)
            }
            if !Self.isLoopback(endpoint.address) {
                logger.warning("ControlPort \(Redacted(endpoint.description)) is not on loopback: anyone who reaches it can try to control this client")
            }
            let bootstrap = ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    let authenticator = ControlAuthenticator(policy: policy)
                    let session = ControlSessionStateMachine(authenticator: authenticator, torVersion: torVersion)
                    let handler = ControlConnectionHandler(session: session, backend: backend, events: events, logger: logger)
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
            do {
                channels.append(try await bootstrap.bind(to: try SocketAddress(ipAddress: endpoint.address, port: port)).get())
            } catch {
                for channel in channels { try? await channel.close() }
                throw ControlPortError(
                    .bindFailed, kind: .resource,
                    "cannot listen on ControlPort \(Redacted(endpoint.description)): \(error); pick a free port or set ControlPort 0")
            }
        }
        return ControlPortListener(channels: channels, events: events)
    }

    /// Stops accepting and closes the listening sockets (open connections stay until they end).
    public func close() async {
        for channel in channels { try? await channel.close() }
    }

    private static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address == "[::1]" || address == "localhost"
    }
}
