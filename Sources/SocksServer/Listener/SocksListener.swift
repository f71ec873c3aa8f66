import NIOCore
import NIOPosix

/// A bound SOCKS port: a TCP listener whose every connection runs a ``SocksServerHandler``.
///
/// Binds 127.0.0.1 unless told otherwise, as tor's default `SocksPort 9050` does, so the proxy is
/// not open to the network by accident.
public struct SocksListener: Sendable {
    /// The address tor binds a SocksPort to when none is given.
    public static let defaultHost = "127.0.0.1"

    /// The listening channel; close it to stop accepting.
    public let channel: any Channel

    /// Where the listener is bound (the real port when 0 was asked for).
    public var localAddress: SocketAddress? { channel.localAddress }

    /// Binds `host:port` on `group` and serves SOCKS with `delegate`.
    public static func bind(
        host: String = defaultHost, port: Int, group: any EventLoopGroup,
        options: SocksPortOptions = SocksPortOptions(), delegate: any SocksRequestDelegate,
        handshakeTimeout: TimeAmount = SocksServerHandler.defaultTimeout,
        requestTimeout: TimeAmount = SocksServerHandler.defaultTimeout
    ) async throws -> SocksListener {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // TCP level: `.socketOption(.tcp_nodelay)` would be SOL_SOCKET option 1, SO_DEBUG,
            // which an unprivileged user may not set (every connection would then be closed).
            // Replies and relayed cells are small writes that must not wait for an ACK.
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SocksServerHandler(
                        delegate: delegate, options: options,
                        handshakeTimeout: handshakeTimeout, requestTimeout: requestTimeout))
                }
            }
            .bind(to: try SocketAddress(ipAddress: host, port: port))
            .get()
        return SocksListener(channel: channel)
    }

    /// Stops accepting connections; connections already accepted carry on.
    public func close() async throws {
        try await channel.close()
    }
}
