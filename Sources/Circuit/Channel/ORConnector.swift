#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import TorCore

/// Opens TCP connections to a relay's ORPort with a ``TLSChannelHandler`` installed
/// (tor-spec §2), and opens channels: TLS plus the link handshake (§4).
public enum ORConnector {
    /// The system's wall clock in Unix seconds, the default `now` of ``open(to:group:timeout:now:)``.
    public static let systemClock: @Sendable () -> Int64 = { Int64(time(nil)) }

    /// Opens a channel to `target`: TCP, TLS, then the link handshake, with the relay's
    /// CERTS checked against `target.identity` (tor-spec 4). The pipeline is
    /// ``TLSChannelHandler``, ``CellCodecHandler``, ``LinkHandshakeHandler``; the circuit layer
    /// adds its handler after that, and receives cells (PADDING and VPADDING dropped).
    ///
    /// - Parameters:
    ///   - timeout: bounds the TCP connect, and then, from the moment TCP is up, the TLS and
    ///     link handshakes together (a loopback relay takes about 50 ms for both).
    ///   - now: the wall clock in Unix seconds, for certificate expiry (injected in tests).
    /// - Returns: the open channel and what the handshake established; or a ``CircuitError``
    ///   (`link.connectFailed`, `channel.tls.*`, `link.*`), after which the channel is closed.
    public static func open(
        to target: ChannelTarget,
        group: any EventLoopGroup,
        timeout: TimeAmount,
        now: @escaping @Sendable () -> Int64 = systemClock
    ) -> EventLoopFuture<(any Channel, ChannelInfo)> {
        let loop = group.next()
        let handshake = loop.makePromise(of: ChannelInfo.self)
        let identity = target.identity
        return connect(
            host: target.address.address, port: Int(target.address.port), group: loop, timeout: timeout
        ) { channel in
            try channel.pipeline.syncOperations.addHandlers(
                CellCodecHandler(),
                LinkHandshakeHandler(expectedIdentity: identity, timeout: timeout, now: now, completion: handshake))
        }
        .flatMapError { error in
            let failure = CircuitError(
                .linkConnectFailed, kind: .resource,
                "Could not connect to the relay at \(Redacted(target.address)) (\(error)). It may be down or unreachable; try another relay.")
            // The handshake never started, so its promise is still open.
            handshake.fail(failure)
            return loop.makeFailedFuture(failure)
        }
        .flatMap { channel in
            handshake.futureResult.map { info in (channel, info) }
        }
    }

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
        // Relay addresses are IP literals from the consensus: connect to the address as is, so
        // no resolver (getaddrinfo, /etc/hosts) is ever consulted.
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: host, port: port)
        } catch {
            return group.next().makeFailedFuture(error)
        }
        return ClientBootstrap(group: group)
            .connectTimeout(timeout)
            // TCP level: `.socketOption(.tcp_nodelay)` would set SO_DEBUG (SOL_SOCKET option
            // 1), which an unprivileged user may not set, so every connection would fail.
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
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
            .connect(to: address)
    }
}
