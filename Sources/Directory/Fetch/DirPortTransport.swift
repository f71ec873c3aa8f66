import NIOCore
import NIOPosix
import TorCore

/// Fetches directory documents with plain HTTP/1.0 over TCP to a server's DirPort (dir-spec 6).
///
/// C tor clients fetch through BEGIN_DIR streams (``BeginDirTransport``); directory
/// authorities still open a DirPort, so this is a legitimate fallback for them, and it needs
/// no circuit. Nothing here is encrypted or authenticated: every document is verified
/// (signatures, digests) before use, exactly as for BEGIN_DIR.
public struct DirPortTransport: DirectoryTransport {
    /// Where connections run.
    public let group: any EventLoopGroup
    /// The limit for one whole fetch: connect, request, and the full answer.
    public let timeout: Duration

    /// A transport on `group`, each fetch bounded by `timeout`.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: Duration = .seconds(30)) {
        self.group = group
        self.timeout = timeout
    }

    /// True when `server` has a DirPort.
    public func canReach(_ server: DirectoryServer) -> Bool { server.dirPort != nil }

    /// Connects to `server`'s DirPort, sends `request`, and reads the answer until the server
    /// closes the connection (or Content-Length is reached); the whole fetch is bounded by ``timeout``.
    public func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8] {
        guard let port = server.dirPort else {
            throw DirectoryError(
                .transportUnsupported, kind: .badInput,
                "\(server) has no DirPort; fetch from it with BEGIN_DIR instead")
        }
        let group = self.group
        let timeout = self.timeout
        return try await withFetchDeadline(timeout, "Fetching \(request.purpose) from \(server) over its DirPort") {
            events(.connecting)
            let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
            do {
                channel = try await ClientBootstrap(group: group)
                    .connectTimeout(TimeAmount(timeout))
                    // An IP literal from a DirAuthority line or the consensus: no resolver.
                    .connect(to: try SocketAddress(ipAddress: server.address, port: Int(port))) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
            } catch {
                throw connectionFailure(error, server: server, via: "its DirPort")
            }
            events(.connected)
            do {
                return try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(bytes: request.httpRequest(host: server.hostHeader)))
                    events(.requestSent(request))
                    var parser = DirectoryHTTPResponseParser(maximumBodySize: request.maximumBodySize)
                    for try await chunk in inbound {
                        if let response = try parser.receive(chunk.readableBytesView) {
                            return try response.successfulBody()
                        }
                    }
                    return try parser.finish().successfulBody()
                }
            } catch {
                throw connectionFailure(error, server: server, via: "its DirPort")
            }
        }
    }
}
