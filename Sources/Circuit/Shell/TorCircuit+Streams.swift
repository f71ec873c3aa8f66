import NIOCore
import TorCore

/// What a new stream asks the exit for (tor-spec 6.2, 6.2.1, 6.4).
public enum StreamRequest: Sendable, Hashable {
    /// RELAY_BEGIN to a hostname or address and port.
    case connect(host: String, port: UInt16)
    /// RELAY_BEGIN_DIR to the last hop's own directory service.
    case directory
    /// RELAY_RESOLVE of a hostname (or an in-addr.arpa name for a reverse lookup).
    case resolve(hostname: String)
}

/// Opening streams and lookups on an open circuit (tor-spec 6.2, 6.4).
extension TorCircuit {
    /// How long the exit may take to answer BEGIN, BEGIN_DIR or RESOLVE before the stream is
    /// abandoned by default (C tor waits 10–15 s per try and up to SocksTimeout, 2 minutes).
    public static let defaultStreamTimeout = TimeAmount.seconds(60)

    /// Opens a stream to `host:port` through the circuit's last hop (RELAY_BEGIN, tor-spec 6.2).
    ///
    /// The future succeeds once the exit sends RELAY_CONNECTED, and fails with `stream.ended`
    /// carrying the exit's ``TorCore/EndReason`` when it answers RELAY_END, `stream.timedOut`
    /// after `timeout`, or the circuit's error if it closes first.
    public func openStream(host: String, port: UInt16, timeout: TimeAmount = defaultStreamTimeout) -> EventLoopFuture<TorStream> {
        open(.connect(host: host, port: port), timeout: timeout).map { $0.stream! }
    }

    /// Opens a directory stream to the last hop (RELAY_BEGIN_DIR, tor-spec 6.2.1).
    public func openDirectoryStream(timeout: TimeAmount = defaultStreamTimeout) -> EventLoopFuture<TorStream> {
        open(.directory, timeout: timeout).map { $0.stream! }
    }

    /// Asks the last hop to look up `hostname` (RELAY_RESOLVE, tor-spec 6.4). Succeeds with the
    /// answers, or fails with `stream.resolveFailed` when every answer is an error.
    public func resolve(hostname: String, timeout: TimeAmount = defaultStreamTimeout) -> EventLoopFuture<[ResolvedAnswer]> {
        open(.resolve(hostname: hostname), timeout: timeout).map { $0.answers }
    }

    /// Allocates a stream ID, sends the request and registers the stream until it is answered.
    func open(_ request: StreamRequest, timeout: TimeAmount) -> EventLoopFuture<StreamOpening> {
        guard isOpen else {
            return eventLoop.makeFailedFuture(closeError ?? CircuitError(
                .circuitClosed, kind: .badInput, "The circuit is still being built; wait for it to open."))
        }
        let promise = eventLoop.makePromise(of: StreamOpening.self)
        do {
            let streamID = try allocateStreamID()
            let stream = CircuitStream(id: streamID, request: request, circuit: self, promise: promise)
            let hop = lastHop
            switch request {
            case .connect(let host, let port):
                try sendRelay(BeginMessage(address: Self.beginAddress(host), port: port), streamID: streamID, toHop: hop)
            case .directory:
                // tor-spec 6.2.1: BEGIN_DIR's payload is empty (the encoder zero-fills).
                try sendRelay(.beginDir, streamID: streamID, data: ByteBuffer(), toHop: hop)
            case .resolve(let hostname):
                try sendRelay(ResolveMessage(hostname: hostname), streamID: streamID, toHop: hop)
            }
            streams[streamID] = stream
            stream.startTimer(timeout)
            flush()
        } catch let error as TorCoreError where error.kind == .badInput {
            promise.fail(CircuitError(.streamBadTarget, kind: .badInput, error.reason))
        } catch {
            promise.fail(Self.circuitError(error))
        }
        return promise.futureResult
    }

    /// Forgets a stream that ended or was closed; its ID may be reused much later.
    func removeStream(_ stream: CircuitStream) {
        if streams[stream.id] === stream { streams[stream.id] = nil }
    }

    /// The next unused, nonzero stream ID, counting on from the last one (tor-spec 6.2: any
    /// unused ID; counting keeps a just-closed ID from being reused while cells for it may
    /// still be in flight).
    private func allocateStreamID() throws -> UInt16 {
        for _ in 0..<Int(UInt16.max) {
            let candidate = nextStreamID
            nextStreamID = nextStreamID == .max ? 1 : nextStreamID + 1
            if streams[candidate] == nil { return candidate }
        }
        throw CircuitError(
            .streamIDsExhausted, kind: .resource,
            "All 65535 stream IDs of this circuit are in use; open streams on another circuit.")
    }

    /// The ADDRESS of a BEGIN: IPv6 addresses go in brackets (tor-spec 6.2).
    static func beginAddress(_ host: String) -> String {
        if !host.hasPrefix("["), IPv6Address(host) != nil { return "[\(host)]" }
        return host
    }
}

/// What an answered stream request yields.
struct StreamOpening: Sendable {
    /// The connected stream, for BEGIN and BEGIN_DIR.
    var stream: TorStream?
    /// The answers, for RESOLVE.
    var answers: [ResolvedAnswer] = []
}
