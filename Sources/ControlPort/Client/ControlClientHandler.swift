import NIOCore

/// One command on its way out: its bytes, the promise its reply fulfils, and how long it may
/// wait for that reply.
struct ControlClientRequest {
    var bytes: ByteBuffer
    var promise: EventLoopPromise<ControlServerReply>
    var timeout: TimeAmount
}

/// The channel handler of ``ControlClient``: frames replies with ``ControlReplyParser``,
/// answers the oldest waiting command with each non-650 reply (control-spec §2.2: replies come
/// in command order) and hands 650 events to `onEvent`.
///
/// A timeout, a malformed reply or the connection closing fails every waiting command and
/// closes the channel: after any of them the reply order is lost.
final class ControlClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ControlClientRequest
    typealias OutboundOut = ByteBuffer

    private var parser = ControlReplyParser()
    /// Bytes of a line not complete yet: a reply line may span reads, and the parser only
    /// consumes whole lines.
    private var pending: ByteBuffer?
    private var waiting = CircularBuffer<(promise: EventLoopPromise<ControlServerReply>, timer: Scheduled<Void>)>()
    private let onEvent: @Sendable (ControlEvent) -> Void
    private let onClose: @Sendable () -> Void
    private var closedError: ControlPortError?

    init(onEvent: @escaping @Sendable (ControlEvent) -> Void, onClose: @escaping @Sendable () -> Void) {
        self.onEvent = onEvent
        self.onClose = onClose
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            request.promise.fail(closedError)
            promise?.fail(closedError)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timer = context.eventLoop.scheduleTask(in: request.timeout) {
            let (handler, context) = bound.value
            handler.fail(
                ControlPortError(
                    .timedOut, kind: .resource,
                    "the control port did not answer within \(Double(request.timeout.nanoseconds) / 1e9) s; is the client stuck?"),
                context: context)
        }
        waiting.append((request.promise, timer))
        context.writeAndFlush(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        var bytes: ByteBuffer
        if var held = pending {
            held.writeBuffer(&incoming)
            bytes = held
        } else {
            bytes = incoming
        }
        pending = nil
        defer {
            if bytes.readableBytes > 0 {
                bytes.discardReadBytes()
                pending = bytes
            }
        }
        do throws(ControlPortError) {
            while let reply = try parser.parse(&bytes) {
                if let event = reply.event {
                    onEvent(event)
                } else if let (promise, timer) = waiting.popFirst() {
                    timer.cancel()
                    promise.succeed(reply)
                } else {
                    throw ControlPortError(
                        .replyMalformed, kind: .protocolViolation,
                        "the control port sent a reply to no command (\"\(reply.message.prefix(40))\")")
                }
            }
        } catch {
            fail(error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ControlPortError(
            .connectionClosed, kind: .resource,
            "the client closed the control connection (it may be shutting down)"), context: context)
        onClose()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ControlPortError(.connectionClosed, kind: .resource, "control connection failed: \(error)"), context: context)
    }

    private func fail(_ error: ControlPortError, context: ChannelHandlerContext) {
        if closedError == nil { closedError = error }
        while let (promise, timer) = waiting.popFirst() {
            timer.cancel()
            promise.fail(error)
        }
        context.close(promise: nil)
    }
}

/// The handler lives on its channel's event loop; it crosses threads only through `NIOLoopBound`.
@available(*, unavailable)
extension ControlClientHandler: Sendable {}
