import Logging
import NIOCore
import TorCore

/// A link-authenticated channel to one relay with a ``ChannelCircuitMux`` at the end of its
/// pipeline: the `Sendable` handle through which circuits are built on it.
public struct CircuitChannel: Sendable {
    /// The NIO channel (TLS, cell codec, link handshake, mux).
    public let channel: any Channel
    /// The relay at the other end, whose identity the link handshake verified.
    public let relay: RelayTarget
    /// The negotiated link protocol (tor-spec 4.1).
    public let linkProtocol: UInt16
    let mux: NIOLoopBound<ChannelCircuitMux>

    /// Adds a mux to the end of `channel`'s pipeline, once its link handshake completed with
    /// `relay` at `linkProtocol`. Fails if the channel already closed.
    public static func install(
        on channel: any Channel, relay: RelayTarget, linkProtocol: UInt16,
        logger: Logger = Logger(label: "torswift.circuit")
    ) -> EventLoopFuture<CircuitChannel> {
        channel.eventLoop.submit {
            let mux = ChannelCircuitMux(linkProtocol: linkProtocol, logger: logger)
            try channel.pipeline.syncOperations.addHandler(mux)
            guard channel.isActive else { throw CircuitError.channelClosed(nil) }
            return CircuitChannel(
                channel: channel, relay: relay, linkProtocol: linkProtocol,
                mux: NIOLoopBound(mux, eventLoop: channel.eventLoop))
        }
    }

    /// Opens a channel to `relay` (TCP, TLS, the link handshake verifying its RSA and, when
    /// known, Ed25519 identity: tor-spec 4) and installs the circuit layer on it.
    ///
    /// - Parameters:
    ///   - timeout: bounds the TCP connect, and separately the TLS and link handshakes.
    ///   - now: the wall clock in Unix seconds, for the relay's certificate validity.
    public static func open(
        to relay: RelayTarget, group: any EventLoopGroup, timeout: TimeAmount,
        now: @escaping @Sendable () -> Int64 = ORConnector.systemClock,
        logger: Logger = Logger(label: "torswift.circuit")
    ) async throws -> CircuitChannel {
        let target = ChannelTarget(
            address: RelayAddress(address: relay.address.description, port: relay.orPort),
            identity: try RelayIdentity(rsaFingerprint: relay.rsaIdentity, ed25519Identity: relay.ed25519Identity))
        let (channel, info) = try await ORConnector.open(to: target, group: group, timeout: timeout, now: now).get()
        do {
            return try await install(on: channel, relay: relay, linkProtocol: info.linkProtocol, logger: logger).get()
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Builds a circuit whose first hop is this channel's relay: `path[0]` must have its RSA
    /// identity. See ``TorCircuit/build(path:timeout:)`` for what fails how.
    public func buildCircuit(path: [RelayTarget], timeout: TimeAmount) async throws -> CircuitHandle {
        guard let first = path.first, first.rsaIdentity == relay.rsaIdentity else {
            throw CircuitError(
                .circuitBadPath, kind: .badInput,
                "A circuit on the channel to \(relay) must start at that relay.")
        }
        let mux = self.mux
        return try await channel.eventLoop.flatSubmit {
            do {
                let circuit = try mux.value.makeCircuit()
                let handle = CircuitHandle(circuit: circuit, path: path)
                return circuit.build(path: path, timeout: timeout).map { handle }
            } catch {
                return mux.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }

    /// Circuits open or being built on the channel, and circuits it ever carried.
    public func usage() async throws -> (open: Int, created: Int) {
        let mux = self.mux
        return try await channel.eventLoop.submit {
            (mux.value.circuitCount, mux.value.circuitsCreated)
        }.get()
    }

    /// True while the TCP/TLS connection is up.
    public var isActive: Bool { channel.isActive }

    /// Closes the channel; every circuit on it fails with `circuit.channelClosed`.
    public func close() {
        channel.close(promise: nil)
    }
}
