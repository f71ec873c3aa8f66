import NIOCore
import TorCore

/// The bottom of a Tor channel (tor-spec §2): ciphertext below, plaintext above, a
/// ``TorCore/TLSEngine`` in between. The thin I/O shell around that engine.
///
/// - Starts the client handshake when the channel becomes active and fires
///   ``TLSHandshakeCompleted`` when it is done (optionally failing after a timeout).
/// - Keeps writes made before then, in order, and sends them once the handshake is done.
/// - Decrypts only the ciphertext that each socket read delivers, so plaintext never piles up
///   beyond one read; with autoRead off it keeps the downstream's `read()` request alive.
/// - `close` sends close_notify first; a peer's close_notify closes the channel.
/// - Failures fail pending writes, fire a ``CircuitError`` and close the channel.
///
/// Not thread-safe: lives on its channel's event loop, like every channel handler.
public final class TLSChannelHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Most plaintext bytes kept while the handshake runs. The link handshake writes one
    /// VERSIONS cell (tor-spec §4.1) there, so this only stops a runaway writer.
    public static let maximumBufferedPlaintextBytes = 256 * 1024

    private enum State {
        case idle, handshaking, active, outputClosed, closed
    }

    private let engine: TLSEngine
    private let handshakeTimeout: TimeAmount?
    private var state = State.idle
    private var pendingWrites = MarkedCircularBuffer<(ByteBuffer, EventLoopPromise<Void>?)>(initialCapacity: 8)
    private var pendingWriteBytes = 0
    private var handshakeTimer: Scheduled<Void>?
    private var deliveredPlaintextThisReadCycle = false
    /// The downstream called `read()` and has not been given plaintext since.
    private var downstreamAwaitsRead = false
    private var lastCiphertextBytes = 0

    /// Wraps `engine` (a fresh client engine whose handshake has not started).
    /// - Parameter handshakeTimeout: fail with `.tlsHandshakeTimedOut` if the handshake is not
    ///   done this long after the channel became active; nil for no limit.
    public init(engine: TLSEngine, handshakeTimeout: TimeAmount? = nil) {
        self.engine = engine
        self.handshakeTimeout = handshakeTimeout
    }

    /// A handler over a new client engine (TLS 1.2+, no SNI, no certificate verification).
    public convenience init(handshakeTimeout: TimeAmount? = nil) throws {
        try self.init(engine: TLSEngine(), handshakeTimeout: handshakeTimeout)
    }

    /// Starts the handshake at once if the channel is already connected.
    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { beginHandshake(context: context) }
    }

    /// Fails writes still waiting for the handshake.
    public func handlerRemoved(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        failPendingWrites(ChannelError.ioOnClosedChannel)
    }

    /// Starts the client handshake: the ClientHello leaves at once.
    public func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        beginHandshake(context: context)
    }

    /// Fails pending writes; before the handshake finished this is also an error for the link layer.
    public func channelInactive(context: ChannelHandlerContext) {
        let wasHandshaking = state == .handshaking || state == .idle
        state = .closed
        handshakeTimer?.cancel()
        if wasHandshaking {
            let error = Self.closedDuringHandshake()
            failPendingWrites(error)
            context.fireErrorCaught(error)
        } else {
            failPendingWrites(ChannelError.ioOnClosedChannel)
        }
        context.fireChannelInactive()
    }

    /// Feeds ciphertext to the engine, then advances the handshake or forwards the plaintext.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let ciphertext = unwrapInboundIn(data)
        guard state != .closed else { return }
        lastCiphertextBytes = ciphertext.readableBytes
        ciphertext.withUnsafeReadableBytes { engine.receiveCiphertext($0) }
        switch state {
        case .idle, .handshaking:
            advanceHandshake(context: context)
        case .active, .outputClosed:
            decryptReceived(context: context)
        case .closed:
            break
        }
    }

    /// Passes the read-complete on only when plaintext went up; otherwise keeps reading if asked.
    public func channelReadComplete(context: ChannelHandlerContext) {
        if deliveredPlaintextThisReadCycle {
            deliveredPlaintextThisReadCycle = false
            context.fireChannelReadComplete()
        } else if downstreamAwaitsRead, state == .active || state == .outputClosed {
            // The downstream asked for data and the read held only part of a record: with
            // autoRead off nobody else would ask for more and the channel would stall.
            context.read()
        }
    }

    /// Remembers that the downstream wants data, so a read that yields none is retried.
    public func read(context: ChannelHandlerContext) {
        downstreamAwaitsRead = true
        context.read()
    }

    /// Treats a half-closed input before the handshake finished as the relay hanging up.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event, state == .handshaking || state == .idle {
            fail(context: context, Self.closedDuringHandshake())
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Queues plaintext; it is encrypted at the next flush once the handshake is done.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let plaintext = unwrapOutboundIn(data)
        switch state {
        case .outputClosed, .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        case .idle, .handshaking:
            guard pendingWriteBytes + plaintext.readableBytes <= Self.maximumBufferedPlaintextBytes else {
                promise?.fail(CircuitError(
                    .tlsWriteBufferFull, kind: .resource,
                    "More than \(Self.maximumBufferedPlaintextBytes) bytes were written before the TLS handshake finished; wait for TLSHandshakeCompleted."))
                return
            }
            fallthrough
        case .active:
            pendingWriteBytes += plaintext.readableBytes
            pendingWrites.append((plaintext, promise))
        }
    }

    /// Encrypts every queued write and sends the records, or marks them for after the handshake.
    public func flush(context: ChannelHandlerContext) {
        pendingWrites.mark()
        if state == .active { encryptFlushedWrites(context: context) }
    }

    /// Sends close_notify (when a session exists) before closing the channel or its output.
    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        switch (mode, state) {
        case (.all, _):
            let wasActive = state == .active
            state = .closed
            handshakeTimer?.cancel()
            failPendingWrites(ChannelError.ioOnClosedChannel)
            // close_notify is best effort: flushed at once, it reaches the kernel before the
            // socket closes unless the send buffer is full, and then waiting would not help.
            if wasActive { sendCloseNotify(context: context) }
            context.close(mode: .all, promise: promise)
        case (.output, .active):
            encryptFlushedWrites(context: context)
            state = .outputClosed
            failPendingWrites(ChannelError.outputClosed)
            sendCloseNotify(context: context)
            context.close(mode: .output, promise: promise)
        default:
            context.close(mode: mode, promise: promise)
        }
    }

    // MARK: Driving the engine

    private func beginHandshake(context: ChannelHandlerContext) {
        guard state == .idle else { return }
        state = .handshaking
        engine.startHandshake()
        if let handshakeTimeout {
            handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeTimeout) {
                guard self.state == .handshaking else { return }
                self.fail(context: context, CircuitError(
                    .tlsHandshakeTimedOut, kind: .resource,
                    "The TLS handshake with the relay did not finish within \(handshakeTimeout.nanoseconds / 1_000_000) ms. The relay may be overloaded or unreachable; try another."))
            }
        }
        advanceHandshake(context: context)
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        let progress: TLSEngine.HandshakeProgress
        do {
            progress = try engine.advanceHandshake()
        } catch {
            sendCiphertext(context: context)  // OpenSSL's alert tells the relay why.
            fail(context: context, Self.channelError(error))
            return
        }
        sendCiphertext(context: context)
        guard progress == .complete else {
            // The handshake is this handler's own business: it must not wait for the
            // downstream to ask for data (autoRead may be off).
            context.read()
            return
        }
        state = .active
        handshakeTimer?.cancel()
        handshakeTimer = nil
        // Writes made during the handshake go first, then the downstream hears the news.
        encryptFlushedWrites(context: context)
        context.fireUserInboundEventTriggered(TLSHandshakeCompleted(
            peerCertificateDER: engine.peerCertificateDER ?? [],
            protocolVersion: engine.negotiatedProtocolVersion,
            cipherSuite: engine.negotiatedCipherSuite ?? "unknown"))
        // The read that finished the handshake may already carry application data.
        if state == .active { decryptReceived(context: context) }
    }

    private func decryptReceived(context: ChannelHandlerContext) {
        guard engine.hasUnreadInput else { return }
        // Plaintext is never longer than the ciphertext that carried it.
        var plaintext = context.channel.allocator.buffer(capacity: lastCiphertextBytes)
        do {
            if try engine.readPlaintext(into: &plaintext) > 0 {
                deliveredPlaintextThisReadCycle = true
                downstreamAwaitsRead = false
                context.fireChannelRead(wrapInboundOut(plaintext))
            }
        } catch {
            fail(context: context, Self.channelError(error))
            return
        }
        sendCiphertext(context: context)  // TLS 1.3 may answer a KeyUpdate.
        if engine.peerSentCloseNotify, state == .active || state == .outputClosed {
            close(context: context, mode: .all, promise: nil)
        }
    }

    private func encryptFlushedWrites(context: ChannelHandlerContext) {
        var combined: EventLoopPromise<Void>?
        while pendingWrites.hasMark, let (plaintext, promise) = pendingWrites.popFirst() {
            pendingWriteBytes -= plaintext.readableBytes
            do {
                try plaintext.withUnsafeReadableBytes { try engine.writePlaintext($0) }
                // OpenSSL holds the bytes now; the buffer can carry the next cell.
                CellBufferPool.recycle(plaintext)
            } catch {
                let channelError = Self.channelError(error)
                promise?.fail(channelError)
                combined?.fail(channelError)
                fail(context: context, channelError)
                return
            }
            // The first promise stands for the whole batch; later ones follow it.
            if let promise {
                if let combined { combined.futureResult.cascade(to: promise) } else { combined = promise }
            }
        }
        sendCiphertext(context: context, promise: combined)
    }

    private func sendCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>? = nil) {
        let pending = engine.pendingCiphertextBytes
        guard pending > 0 else {
            promise?.succeed()
            return
        }
        var ciphertext = context.channel.allocator.buffer(capacity: pending)
        engine.takeCiphertext(into: &ciphertext)
        context.writeAndFlush(wrapOutboundOut(ciphertext), promise: promise)
    }

    private func sendCloseNotify(context: ChannelHandlerContext) {
        engine.close()
        sendCiphertext(context: context)
    }

    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        guard state != .closed else { return }
        state = .closed
        handshakeTimer?.cancel()
        failPendingWrites(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failPendingWrites(_ error: any Error) {
        pendingWriteBytes = 0
        while let (_, promise) = pendingWrites.popFirst() {
            promise?.fail(error)
        }
    }

    private static func closedDuringHandshake() -> CircuitError {
        CircuitError(
            .tlsClosedDuringHandshake, kind: .protocolViolation,
            "The relay closed the connection during the TLS handshake. Check that the address is a tor ORPort.")
    }

    /// Re-labels an engine failure for the Circuit module, keeping its kind and its TorCore code.
    private static func channelError(_ error: any Error) -> CircuitError {
        guard let error = error as? TorCoreError else {
            return CircuitError(.tlsFailed, kind: .internalFailure, "TLS failed: \(error)")
        }
        let kind: CircuitError.Kind =
            switch error.kind {
            case .protocolViolation: .protocolViolation
            case .badInput: .badInput
            case .resource: .resource
            case .internalFailure: .internalFailure
            }
        return CircuitError(.tlsFailed, kind: kind, error.description)
    }
}
