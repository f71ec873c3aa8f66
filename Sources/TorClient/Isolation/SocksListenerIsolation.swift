import NIOCore
import SocksServer
import TorCore

/// How one SocksPort line isolates streams: its own flags and its session group, turned into a
/// ``StreamIsolationKey`` for each new stream under the settings in force at that moment.
///
/// Keep one per listener; pass the current ``TorCore/ReloadableSettings`` for every stream, so
/// a reload of `IsolateDestinations`, `IsolateSOCKSAuth`, `IsolateClientPort` or
/// `IsolateClientProtocol` changes which *new* streams share (tor(1), SocksPort).
public struct SocksListenerIsolation: Sendable, Equatable {
    /// The flags the SocksPort line sets; nil fields follow the torrc-wide options.
    public let flags: StreamIsolationFlags
    /// The line's session group.
    public let sessionGroup: SessionGroup

    /// The isolation of the SocksPort line at `index` among the configuration's SocksPort lines.
    public init(port: SocksPortConfiguration, index: Int) {
        self.flags = port.isolation
        self.sessionGroup = SessionGroup(port: port, index: index)
    }

    /// Explicit flags and group.
    public init(flags: StreamIsolationFlags, sessionGroup: SessionGroup) {
        self.flags = flags
        self.sessionGroup = sessionGroup
    }

    /// The rules this listener applies under `settings`.
    public func rules(under settings: ReloadableSettings) -> IsolationRules {
        IsolationRules(port: flags, settings: settings)
    }

    /// The key of `request` from the client at `clientAddress:clientPort` under `settings`.
    public func key(
        for request: SocksRequest, clientAddress: String, clientPort: UInt16, settings: ReloadableSettings
    ) -> StreamIsolationKey {
        StreamIsolationKey(
            request: request, rules: rules(under: settings), sessionGroup: sessionGroup,
            clientAddress: clientAddress, clientPort: clientPort)
    }

    /// The key of `request` on the connection `context` describes under `settings`. A client
    /// address the channel does not know (a Unix socket) compares as empty.
    public func key(
        for request: SocksRequest, context: SocksConnectionContext, settings: ReloadableSettings
    ) -> StreamIsolationKey {
        let port = context.clientPort.flatMap { UInt16(exactly: $0) } ?? 0
        return key(
            for: request, clientAddress: context.clientAddress?.ipAddress ?? "", clientPort: port,
            settings: settings)
    }
}
