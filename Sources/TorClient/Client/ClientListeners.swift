#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import SocksServer
import TorCore

/// Opens the SOCKS listeners a configuration names, logging as C tor does ("Opening Socks
/// listener on ...", "Opened Socks listener connection (ready) on ...").
enum ClientListeners {
    /// The port number to bind: the fixed one, or 0 for `auto`.
    static func portNumber(_ endpoint: ListenEndpoint) -> Int {
        switch endpoint.port {
        case .automatic: 0
        case .fixed(let value): Int(value)
        }
    }

    /// The SocksPort line's flags as the SOCKS handshake needs them. Credentials are always
    /// collected when a client offers them: whether they isolate is decided per stream, so a
    /// reloaded IsolateSOCKSAuth applies to new streams without rebinding.
    static func options(for port: SocksPortConfiguration) -> SocksPortOptions {
        var isolation: SocksIsolationFlags = [.socksAuthentication]
        if port.isolation.clientAddress ?? true { isolation.insert(.clientAddress) }
        if port.isolation.clientProtocol == true { isolation.insert(.clientProtocol) }
        if port.isolation.destinationPort == true { isolation.insert(.destinationPort) }
        if port.isolation.destinationAddress == true { isolation.insert(.destinationAddress) }
        return SocksPortOptions(isolation: isolation, sessionGroup: port.sessionGroup)
    }

    /// Binds every SocksPort line; on any failure closes what was bound and throws an error
    /// that names the address and what to do.
    static func bindSocks(
        _ ports: [SocksPortConfiguration], group: any EventLoopGroup, socksTimeout: Duration,
        delegate: (Int, SocksPortConfiguration) -> any SocksRequestDelegate, logger: Logger
    ) async throws -> [SocksListener] {
        var listeners: [SocksListener] = []
        for (index, port) in ports.enumerated() {
            let shown = port.endpoint.description
            logger.notice("Opening Socks listener on \(shown)")
            if !isLoopback(port.endpoint.address) {
                logger.warning("SocksPort \(shown) is not on loopback: anyone who can reach it can use this client as a proxy")
            }
            do {
                let timeout = TimeAmount(socksTimeout)
                let listener = try await SocksListener.bind(
                    host: port.endpoint.address, port: portNumber(port.endpoint), group: group,
                    options: options(for: port), delegate: delegate(index, port),
                    handshakeTimeout: timeout, requestTimeout: timeout + .seconds(5))
                listeners.append(listener)
                let bound = listener.localAddress.map(describe) ?? shown
                logger.notice("Opened Socks listener connection (ready) on \(bound)")
            } catch {
                for listener in listeners { try? await listener.close() }
                throw TorClientError(
                    .listenerBind, kind: .resource,
                    "Could not bind to \(shown): \(bindReason(error)). Is another Tor client already running? "
                        + "Pick a free port in SocksPort, or stop the other process.")
            }
        }
        return listeners
    }

    /// `127.0.0.1:9050` / `[::1]:9050` for a bound address.
    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port ?? 0
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The OS's words for a bind failure ("Address already in use").
    static func bindReason(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address == "localhost" || address.hasPrefix("127.")
    }
}
