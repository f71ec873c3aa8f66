import NIOCore

/// Counts the bytes a SOCKS connection carries, for GETINFO traffic/read and traffic/written
/// and BW events: once per buffer read or written, not per cell.
final class TrafficCountingHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let streams: StreamRegistry

    init(streams: StreamRegistry) {
        self.streams = streams
    }

    /// Bytes from the application, on their way into the network.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        streams.countWritten(unwrapInboundIn(data).readableBytes)
        context.fireChannelRead(data)
    }

    /// Bytes from the network, on their way to the application.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        streams.countRead(unwrapOutboundIn(data).readableBytes)
        context.write(data, promise: promise)
    }
}
