import Circuit
import NIOCore
import TorCore

/// Fetches directory documents through a BEGIN_DIR stream on a one-hop circuit to the server's
/// ORPort (tor-spec 6.2.1; what C tor clients do): the link is TLS, and the link handshake
/// proves the server's RSA identity, so nobody on the path can read or alter the request.
///
/// The circuit is made with CREATE_FAST (tor-spec 5.1.5: no onion key is known before the
/// first consensus) over a pooled channel, kept, and reused for the next fetch from the same
/// server; a circuit that closed is replaced on the next fetch. ``close()`` ends them all.
public actor BeginDirTransport: DirectoryTransport {
    /// Where channels to directory servers come from.
    public let channels: ChannelManager
    /// The limit for one whole fetch: channel, circuit, stream and the full answer.
    public nonisolated let timeout: Duration
    private var circuits: [String: CircuitHandle] = [:]

    /// A transport over `channels`, each fetch bounded by `timeout`.
    public init(channels: ChannelManager, timeout: Duration = .seconds(30)) {
        self.channels = channels
        self.timeout = timeout
    }

    /// A transport with its own channel pool on `group`.
    public init(group: any EventLoopGroup, timeout: Duration = .seconds(30)) {
        self.init(channels: ChannelManager(group: group, connectTimeout: TimeAmount(timeout)), timeout: timeout)
    }

    /// True when `server` has an ORPort on an IPv4 address.
    public nonisolated func canReach(_ server: DirectoryServer) -> Bool {
        server.orPort != nil && IPv4Address(server.address) != nil
    }

    /// Sends `request` on a BEGIN_DIR stream of the kept (or a new) one-hop circuit to `server`
    /// and reads the answer to the stream's end; the whole fetch is bounded by ``timeout``.
    public func fetch(_ request: DirectoryRequest, from server: DirectoryServer, events: DirectoryFetchEvents) async throws -> [UInt8] {
        guard let orPort = server.orPort, let address = IPv4Address(server.address) else {
            throw DirectoryError(
                .transportUnsupported, kind: .badInput,
                "\(server) has no IPv4 ORPort; fetch from it over its DirPort instead")
        }
        let target = try RelayTarget(address: address, orPort: orPort, rsaIdentity: server.rsaIdentity)
        let timeout = self.timeout
        return try await withFetchDeadline(timeout, "Fetching \(request.purpose) from \(server) with BEGIN_DIR") {
            let circuit = try await self.circuit(to: target, server: server, events: events)
            do {
                let stream = try await circuit.openDirectoryStream(timeout: TimeAmount(timeout))
                defer { stream.close() }
                try await stream.write(ByteBuffer(bytes: request.httpRequest(host: server.hostHeader)))
                events(.requestSent(request))
                var parser = DirectoryHTTPResponseParser(maximumBodySize: request.maximumBodySize)
                for try await chunk in stream.inbound() {
                    if let response = try parser.receive(chunk.readableBytesView) {
                        return try response.successfulBody()
                    }
                }
                return try parser.finish().successfulBody()
            } catch {
                // An HTTP-level answer means the circuit works; anything else may have broken it.
                if !(error is DirectoryError) { await self.discard(circuit, for: server) }
                throw connectionFailure(error, server: server, via: "BEGIN_DIR")
            }
        }
    }

    /// Closes every kept circuit (the pooled channels close when idle, or with the pool).
    public func close() {
        for circuit in circuits.values { circuit.close() }
        circuits.removeAll()
    }

    /// The kept circuit to `server` while it is open, else a new one-hop circuit.
    private func circuit(to target: RelayTarget, server: DirectoryServer, events: DirectoryFetchEvents) async throws -> CircuitHandle {
        if let existing = circuits[server.key], await existing.isOpen() { return existing }
        events(.connecting)
        let circuit: CircuitHandle
        do {
            let channel = try await channels.channel(to: target)
            events(.handshakeDone)
            events(.creatingCircuit)
            circuit = try await channel.buildCircuit(path: [target], timeout: TimeAmount(timeout))
        } catch {
            throw connectionFailure(error, server: server, via: "BEGIN_DIR")
        }
        // Another fetch may have made one meanwhile; keep one per server.
        if let other = circuits[server.key], other.id != circuit.id { other.close() }
        circuits[server.key] = circuit
        return circuit
    }

    private func discard(_ circuit: CircuitHandle, for server: DirectoryServer) {
        circuit.close()
        if circuits[server.key]?.id == circuit.id { circuits[server.key] = nil }
    }
}
