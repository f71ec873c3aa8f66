import NIOCore

/// The bytes a ``TorStream`` receives, as an async sequence of `ByteBuffer`s (one per DATA cell
/// or less), with bounded buffering between the circuit's event loop and the consumer.
///
/// Above ``highWatermark`` buffered cells the stream stops handing out data, so its stream
/// SENDMEs stop and the exit stops sending (tor-spec 7.4), or with congestion control an XOFF
/// goes out once cc_xoff_client cells wait (prop 324 4.1); below ``lowWatermark`` it resumes.
public struct TorStreamInbound: AsyncSequence, Sendable {
    /// Received stream bytes, at most one DATA cell's worth per element.
    public typealias Element = ByteBuffer
    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Delegate
    >

    /// Buffered cells at which the stream stops delivering (about 16 KiB).
    public static let highWatermark = 32
    /// Buffered cells at which it delivers again.
    public static let lowWatermark = 8

    let sequence: Producer

    /// Iterates the received buffers; throws the stream's error at the end, if any.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Producer.AsyncIterator

        /// The next buffer; nil after a clean end; throws the stream's error otherwise.
        public mutating func next() async throws -> ByteBuffer? {
            try await base.next()
        }
    }

    /// An iterator; iterate a stream's sequence once.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: sequence.makeAsyncIterator())
    }

    /// Collects everything until the stream ends, failing with `stream.closed` (resource) if
    /// more than `maximumBytes` arrive, so a test or a directory fetch cannot grow without bound.
    public func collect(upTo maximumBytes: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await var buffer in self {
            guard result.readableBytes + buffer.readableBytes <= maximumBytes else {
                throw CircuitError(
                    .streamClosed, kind: .resource,
                    "The stream sent more than \(maximumBytes) bytes; read it incrementally instead.")
            }
            result.writeBuffer(&buffer)
        }
        return result
    }

    /// Tells the stream engine when the consumer wants more or went away.
    struct Delegate: NIOAsyncSequenceProducerDelegate {
        let core: NIOLoopBound<CircuitStream>

        func produceMore() {
            let core = self.core
            core.eventLoop.execute { core.value.setDemand(true) }
        }

        func didTerminate() {
            let core = self.core
            core.eventLoop.execute { core.value.close() }
        }
    }
}
