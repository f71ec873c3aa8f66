import NIOCore
import NIOEmbedded
import Testing
import TorCore
@testable import Circuit

/// A channel with a ``ChannelCircuitMux`` in an `EmbeddedChannel`, and the relays at the other
/// end played by ``SimulatedRelay`` and ``SimulatedPath``: every cell the client writes is read
/// back and answered by hand, so tests see exactly what goes on the wire.
final class ShellHarness {
    let channel: EmbeddedChannel
    let mux: ChannelCircuitMux
    let relays: [SimulatedRelay]
    private(set) var path = SimulatedPath()
    private(set) var circuit: TorCircuit!

    var loop: EmbeddedEventLoop { channel.embeddedEventLoop }

    init(relayCount: Int = 3, linkProtocol: UInt16 = 5) throws {
        mux = ChannelCircuitMux(linkProtocol: linkProtocol)
        channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(mux)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9001)).wait()
        relays = (0..<relayCount).map { SimulatedRelay(port: UInt16(9001 + $0)) }
    }

    /// Outcome of a future completed on the embedded loop; nil while it is pending.
    static func outcome<Value>(_ future: EventLoopFuture<Value>) -> Result<Value, any Error>? {
        var result: Result<Value, any Error>?
        future.assumeIsolated().whenComplete { result = $0 }
        return result
    }

    /// The next cell the client wrote, if any.
    func readCell() throws -> Cell? {
        try channel.readOutbound(as: Cell.self)
    }

    /// The next relay cell the client wrote, decrypted by the relay it is for.
    func readRelay() throws -> (hop: Int, cell: RelayCell, command: CellCommand) {
        let cell = try #require(try readCell())
        #expect(cell.command == .relay || cell.command == .relayEarly)
        let (hop, relayCell) = try #require(try path.receive(cell.payload), "no hop recognized the cell")
        return (hop, relayCell, cell.command)
    }

    /// Like ``readRelay()``, but nil when the client wrote nothing more.
    func readRelayIfAny() throws -> (hop: Int, cell: RelayCell)? {
        guard let cell = try readCell() else { return nil }
        guard let received = try path.receive(cell.payload) else {
            Issue.record("no hop recognized the cell")
            return nil
        }
        return received
    }

    /// Delivers a channel cell to the client.
    func deliver(_ command: CellCommand, payload: ByteBuffer) throws {
        try channel.writeInbound(Cell(circuitID: circuit.id, command: command, payload: payload))
    }

    /// Hop `hop` sends `cell` to the client.
    func send(_ cell: RelayCell, fromHop hop: Int) throws {
        try deliver(.relay, payload: try path.send(cell, fromHop: hop))
    }

    /// Sends a relay message from hop `hop`.
    func send<Message: RelayMessage>(_ message: Message, streamID: UInt16, fromHop hop: Int) throws {
        try send(RelayCell(streamID: streamID, message: message), fromHop: hop)
    }

    /// Starts a build through the first `hops` relays; answers nothing yet.
    func startBuild(hops: Int? = nil, firstWithOnionKey: Bool = true, timeout: TimeAmount = .seconds(60))
        throws -> EventLoopFuture<Void>
    {
        circuit = try mux.makeCircuit()
        path = SimulatedPath()
        let targets = relays.prefix(hops ?? relays.count).enumerated().map { index, relay in
            relay.target(withOnionKey: index > 0 || firstWithOnionKey)
        }
        return circuit.build(path: Array(targets), timeout: timeout)
    }

    /// Answers the CREATE2 (or CREATE_FAST) the client sent.
    func answerCreate() throws {
        let cell = try #require(try readCell())
        #expect(cell.circuitID == circuit.id)
        switch cell.command {
        case .create2:
            let create = try cell.message(as: Create2Message.self)
            let (reply, keys) = try relays[0].respond(toOnionSkin: create.handshakeData)
            try path.addHop(keys)
            try deliver(.created2, payload: try Self.payload(Created2Message(handshakeData: reply)))
        case .createFast:
            let create = try cell.message(as: CreateFastMessage.self)
            let (reply, keys) = SimulatedRelay.respond(toCreateFast: create.keyMaterial)
            try path.addHop(keys)
            try deliver(.createdFast, payload: try Self.payload(reply))
        default:
            Issue.record("expected CREATE2 or CREATE_FAST, got \(cell.command)")
        }
    }

    /// Answers the EXTEND2 the client sent to the current last hop.
    func answerExtend() throws {
        let (hop, cell, command) = try readRelay()
        #expect(command == .relayEarly, "EXTEND2 must travel in RELAY_EARLY (tor-spec 5.6)")
        #expect(cell.command == .extend2)
        let extend = try cell.message(as: Extend2Message.self)
        let next = relays[path.relays.count]
        let (reply, keys) = try next.respond(toOnionSkin: extend.handshakeData)
        try send(Extended2Message(handshakeData: reply), streamID: 0, fromHop: hop)
        try path.addHop(keys)
    }

    /// Builds a circuit through all relays, answering every step.
    @discardableResult
    func buildCircuit(hops: Int? = nil, firstWithOnionKey: Bool = true) throws -> TorCircuit {
        let build = try startBuild(hops: hops, firstWithOnionKey: firstWithOnionKey)
        try answerCreate()
        for _ in 1..<(hops ?? relays.count) { try answerExtend() }
        _ = try #require(Self.outcome(build)).get()
        return circuit
    }

    /// Opens a stream and answers its BEGIN with CONNECTED; returns the stream and its engine.
    func openStream(host: String = "example.com", port: UInt16 = 80) throws -> (TorStream, CircuitStream) {
        let opening = circuit.openStream(host: host, port: port)
        let (hop, begin, _) = try readRelay()
        #expect(hop == circuit.lastHop)
        #expect(begin.command == .begin)
        try send(ConnectedMessage(address: .v4(IPv4Address(93, 184, 216, 34)), ttl: 300), streamID: begin.streamID, fromHop: hop)
        let stream = try #require(Self.outcome(opening)).get()
        return (stream, stream.core.value)
    }

    static func payload<Message: CellMessage>(_ message: Message) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try message.encode(into: &buffer)
        return buffer
    }
}

/// A stream endpoint that records what the engine hands it.
final class RecordingEndpoint: StreamEndpoint {
    var received: [ByteBuffer] = []
    /// Set once the engine reported the end.
    var didFinish = false
    /// The error the end carried, if any.
    var finishError: CircuitError?
    var writability: [Bool] = []
    /// When set, the endpoint asks for no more data after each batch.
    var stopAfterEachBatch = false
    weak var stream: CircuitStream?

    var bytes: [UInt8] { received.flatMap { Array($0.readableBytesView) } }

    func streamReceived(_ batch: [ByteBuffer]) {
        received += batch
        if stopAfterEachBatch { stream?.setDemand(false) }
    }

    func streamFinished(_ error: CircuitError?) {
        didFinish = true
        finishError = error
    }

    func streamWritabilityChanged(_ isWritable: Bool) { writability.append(isWritable) }
}
