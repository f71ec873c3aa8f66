import NIOCore
import NIOPosix
import TorCore

/// Opens TCP connections to a relay's ORPort with a ``TLSChannelHandler`` installed
/// (tor-spec §2). The link handshake (§4) is layered above it by the caller.
public enum ORConnector {
    /// Connects to `host:port` with TCP_NODELAY (cells are small and latency-bound) and a TLS
    /// client handler whose handshake starts at once.
    ///
    /// - Parameters:
    ///   - timeout: bounds the TCP connect and, separately, the TLS handshake after it.
    ///   - configurePipeline: runs on the channel's event loop after the TLS handler is added,
    ///     before any byte arrives, to add the handlers that consume plaintext and
    ///     ``TLSHandshakeCompleted``.
    /// - Returns: the channel once TCP is connected; the TLS handshake completes (or fails with
    ///   a ``CircuitError`` through `errorCaught` and a close) asynchronously.
    public static func connect(
        host: String,
        port: Int,
        group: any EventLoopGroup,
        timeout: TimeAmount,
        configurePipeline: (@Sendable (any Channel) throws -> Void)? = nil
    ) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    let handler = try TLSChannelHandler(handshakeTimeout: timeout)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    try configurePipeline?(channel)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .connect(host: host, port: port)
    }
}
