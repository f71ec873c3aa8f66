import Circuit
import NIOCore
import NIOPosix
import TorCore

extension TestNetworkInfo.Relay {
    /// The relay as a channel target, with the identities network.json lists for it.
    var channelTarget: ChannelTarget {
        get throws {
            ChannelTarget(
                address: RelayAddress(address: address, port: UInt16(orPort)),
                identity: try RelayIdentity(rsaFingerprint: rsaIdentityDigest, ed25519Identity: ed25519Identity))
        }
    }
}

/// A relay's CERTS cell and the TLS certificate it presented on the same connection.
struct CapturedCerts: Sendable {
    let certs: CertsMessage
    let tlsCertificateDER: [UInt8]
}

/// Sits between ``CellCodecHandler`` and ``LinkHandshakeHandler`` and keeps a copy of what the
/// relay proved itself with, passing everything on unchanged.
final class CertsCapture: ChannelInboundHandler {
    typealias InboundIn = Cell
    typealias InboundOut = Cell

    let captured: EventLoopPromise<CapturedCerts>
    private var tlsCertificateDER: [UInt8]?

    init(captured: EventLoopPromise<CapturedCerts>) { self.captured = captured }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted { tlsCertificateDER = completed.peerCertificateDER }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let cell = unwrapInboundIn(data)
        if cell.command == .certs, let tlsCertificateDER {
            do {
                captured.succeed(CapturedCerts(certs: try cell.message(as: CertsMessage.self), tlsCertificateDER: tlsCertificateDER))
            } catch {
                captured.fail(error)
            }
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        captured.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        captured.fail(CircuitError(.linkClosedDuringHandshake, kind: .protocolViolation, "closed before CERTS"))
        context.fireChannelInactive()
    }

    /// Runs a full link handshake with `relay` and returns its CERTS cell and TLS certificate.
    static func capture(from relay: TestNetworkInfo.Relay) async throws -> CapturedCerts {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let captured = loop.makePromise(of: CapturedCerts.self)
        let handshake = loop.makePromise(of: ChannelInfo.self)
        let identity = try relay.channelTarget.identity
        let channel = try await ORConnector.connect(
            host: relay.address, port: relay.orPort, group: loop, timeout: .seconds(30)
        ) { channel in
            try channel.pipeline.syncOperations.addHandlers(
                CellCodecHandler(), CertsCapture(captured: captured),
                LinkHandshakeHandler(
                    expectedIdentity: identity, timeout: .seconds(30), now: ORConnector.systemClock,
                    completion: handshake))
        }.get()
        _ = try await handshake.futureResult.get()
        let result = try await captured.futureResult.get()
        try await channel.close()
        return result
    }
}

/// Collects the cells that reach the circuit layer's place in the pipeline, and completes a
/// promise with the first one of a given command.
final class FirstCellCollector: ChannelInboundHandler {
    typealias InboundIn = Cell

    let command: CellCommand
    let received: EventLoopPromise<Cell>

    init(command: CellCommand, received: EventLoopPromise<Cell>) {
        self.command = command
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let cell = unwrapInboundIn(data)
        if cell.command == command { received.succeed(cell) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { received.fail(error) }

    func channelInactive(context: ChannelHandlerContext) {
        received.fail(CircuitError(.linkClosedDuringHandshake, kind: .protocolViolation, "the relay closed the channel"))
    }
}
