import NIOCore
import TorCore

/// The `Sendable`, async face of a built ``TorCircuit``: open streams, look up names, extend,
/// close. Each call crosses to the circuit's event loop once; the cells never leave it.
public struct CircuitHandle: Sendable {
    let circuit: NIOLoopBound<TorCircuit>
    /// The circuit's ID on its first hop's channel.
    public let id: CircuitID
    /// The relays the circuit was built through, first hop first.
    public let path: [RelayTarget]
    /// Succeeds with the error the circuit closed with, whatever closed it.
    public let closeFuture: EventLoopFuture<CircuitError>

    init(circuit: TorCircuit, path: [RelayTarget]) {
        self.circuit = NIOLoopBound(circuit, eventLoop: circuit.eventLoop)
        self.id = circuit.id
        self.path = path
        self.closeFuture = circuit.closeFuture
    }

    /// The channel's event loop, where the circuit lives.
    public var eventLoop: any EventLoop { circuit.eventLoop }

    /// Opens a stream to `host:port` (RELAY_BEGIN, tor-spec 6.2); `host` is a hostname or an
    /// IPv4 or IPv6 address. Throws `stream.ended` with the exit's ``CircuitError/endReason``
    /// when the exit refuses, `stream.timedOut` after `timeout`, or the circuit's error.
    public func openStream(
        host: String, port: UInt16, timeout: TimeAmount = TorCircuit.defaultStreamTimeout
    ) async throws -> TorStream {
        let circuit = self.circuit
        return try await eventLoop.flatSubmit {
            circuit.value.openStream(host: host, port: port, timeout: timeout)
        }.get()
    }

    /// Opens a directory stream to the last hop (RELAY_BEGIN_DIR, tor-spec 6.2.1).
    public func openDirectoryStream(timeout: TimeAmount = TorCircuit.defaultStreamTimeout) async throws -> TorStream {
        let circuit = self.circuit
        return try await eventLoop.flatSubmit {
            circuit.value.openDirectoryStream(timeout: timeout)
        }.get()
    }

    /// Looks `hostname` up at the last hop (RELAY_RESOLVE, tor-spec 6.4).
    public func resolve(
        hostname: String, timeout: TimeAmount = TorCircuit.defaultStreamTimeout
    ) async throws -> [ResolvedAnswer] {
        let circuit = self.circuit
        return try await eventLoop.flatSubmit {
            circuit.value.resolve(hostname: hostname, timeout: timeout)
        }.get()
    }

    /// Adds one hop with EXTEND2 (tor-spec 5.1.2); returns the handle with the longer path.
    public func extend(to target: RelayTarget, timeout: TimeAmount) async throws -> CircuitHandle {
        let circuit = self.circuit
        try await eventLoop.flatSubmit {
            circuit.value.extend(to: target, timeout: timeout)
        }.get()
        return CircuitHandle(circuit: circuit, id: id, path: path + [target], closeFuture: closeFuture)
    }

    private init(circuit: NIOLoopBound<TorCircuit>, id: CircuitID, path: [RelayTarget], closeFuture: EventLoopFuture<CircuitError>) {
        self.circuit = circuit
        self.id = id
        self.path = path
        self.closeFuture = closeFuture
    }

    /// True while the circuit is open.
    public func isOpen() async -> Bool {
        let circuit = self.circuit
        return (try? await eventLoop.submit { circuit.value.isOpen }.get()) ?? false
    }

    /// What the exit agreed to when it negotiated congestion control (prop 324 10), or nil
    /// when the circuit uses fixed windows.
    public func congestionControl() async -> CongestionControlAgreement? {
        let circuit = self.circuit
        return try? await eventLoop.submit { circuit.value.congestionControl }.get()
    }

    /// A snapshot of the exit hop's congestion window (cwnd, inflight, RTTs), or nil without
    /// congestion control.
    public func congestionWindow() async -> CongestionWindow? {
        let circuit = self.circuit
        return try? await eventLoop.submit { circuit.value.congestion }.get()
    }

    /// Closes the circuit with DESTROY (tor-spec 5.4); its streams fail with `circuit.closed`.
    public func close() {
        let circuit = self.circuit
        eventLoop.execute { circuit.value.close() }
    }
}

extension CircuitHandle {
    /// Joins this circuit and `others` into a conflux set (proposal 329): each sends
    /// CONFLUX_LINK to its exit, which must be the same relay with congestion control on every
    /// leg, and every leg must share this circuit's channel. Streams are then opened through
    /// this handle, and the exit spreads their data over every leg. Once linked, when any leg
    /// closes, all close. If linking fails (a refusal, a timeout, a leg lost meanwhile), the
    /// circuits still open stay open and unlinked.
    public func linkConflux(with others: [CircuitHandle], timeout: TimeAmount) async throws {
        guard others.allSatisfy({ $0.eventLoop === eventLoop }) else {
            throw CircuitError(
                .confluxLink, kind: .badInput,
                "Conflux legs must share one channel (the same guard, with connection pooling on).")
        }
        let legs = [circuit] + others.map(\.circuit)
        try await eventLoop.flatSubmit {
            ConfluxSet.link(legs.map(\.value), timeout: timeout)
        }.get()
    }

    /// RELAY_DATA cells this circuit carried from its exit (on a conflux leg, its share).
    public func receivedDataCellCount() async -> Int {
        let circuit = self.circuit
        return (try? await eventLoop.submit { circuit.value.dataCellsReceived }.get()) ?? 0
    }

    /// The number of open legs of the conflux set this circuit belongs to, or 0.
    public func confluxLegCount() async -> Int {
        let circuit = self.circuit
        return (try? await eventLoop.submit { circuit.value.conflux?.openLegCount ?? 0 }.get()) ?? 0
    }
}
