import NIOCore
import TorCore

/// Inbound relay cells (tor-spec 5.5.3, 6, 7): decrypt, recognize, then act on the message.
extension TorCircuit {
    /// Decrypts a RELAY cell's payload, finds the hop that sent it and handles its message.
    /// Anything malformed or unrecognized closes the circuit (tor-spec 5.5.3, 6.1).
    func receiveRelay(_ payload: ByteBuffer) {
        guard crypto.hopCount > 0 else {
            close(with: .unexpected("a RELAY cell before the first hop answered"), sendDestroy: true)
            return
        }
        // The payload is a slice of the link's read buffer: decrypting into a new buffer
        // replaces the copy that decrypting it in place would force.
        var plaintext = (mux?.bufferAllocator ?? ByteBufferAllocator()).buffer(capacity: RelayPayloadLayout.length)
        do {
            let hop = try crypto.decryptInbound(from: payload, into: &plaintext)
            let cell = try RelayCell.decode(payload: plaintext)
            try handle(cell, fromHop: hop)
        } catch {
            close(with: Self.circuitError(error), sendDestroy: true)
        }
    }

    private func handle(_ cell: RelayCell, fromHop hop: Int) throws {
        // A conflux leg: stream cells from the exit go through the set, which orders the
        // cells of every leg (proposal 329); DATA first counts in this leg's window.
        if let conflux, hop == lastHop, cell.command.isConfluxMultiplexed {
            if cell.command == .data { try countData(cell, fromHop: hop) }
            try conflux.receiveMultiplexed(cell, on: self)
            return
        }
        switch cell.command {
        case .data:
            try countData(cell, fromHop: hop)
            try handleStreamCell(cell)
        case .sendme:
            try receiveSendme(cell, fromHop: hop)
        case .connected, .end, .resolved, .xoff, .xon:
            try requireLastHop(hop, cell.command)
            try handleStreamCell(cell)
        case .extended2:
            try requireLastHop(hop, cell.command)
            advanceBuild { machine in try machine.receive(cell.message(as: Extended2Message.self)) }
        case .truncated:
            let reason = (try? cell.message(as: TruncatedMessage.self).reason) ?? .none
            // tor-spec 5.4: a client tears the whole circuit down after RELAY_TRUNCATED.
            close(with: .truncated(reason, hop: hop), sendDestroy: true)
        case .confluxLinked:
            try requireLastHop(hop, cell.command)
            guard let conflux else {
                // A set that timed out linking released this leg: the late answer means nothing.
                logger.debug("dropping CONFLUX_LINKED on a circuit outside any conflux set")
                return
            }
            try conflux.receiveLinked(cell.message(as: ConfluxLinked.self), on: self)
        case .confluxSwitch:
            try requireLastHop(hop, cell.command)
            guard let conflux else {
                throw CircuitError(
                    .confluxLink, kind: .protocolViolation,
                    "the exit sent CONFLUX_SWITCH on a circuit that is not a conflux leg (proposal 329)")
            }
            try conflux.receiveSwitch(cell.message(as: ConfluxSwitch.self), on: self)
        case .drop:
            break  // Long-range padding (tor-spec 6.2).
        default:
            // tor-spec 6.1: unknown or unsupported commands are dropped once recognized; they
            // already counted in the running digest.
            logger.debug("dropping a relay message", metadata: ["command": "\(cell.command)", "hop": "\(hop)"])
        }
    }

    /// A stream's cell from the exit, in order: on a conflux set the primary leg handles the
    /// cells of every leg here once the set ordered them.
    func handleStreamCell(_ cell: RelayCell) throws {
        guard cell.streamID != 0 else { throw CircuitError.unexpected("a \(cell.command) on stream 0") }
        switch cell.command {
        case .data:
            try streams[cell.streamID]?.receiveData(cell.data)
        case .xoff, .xon:
            try receiveStreamFlowControl(cell)
        case .connected, .end, .resolved:
            // Otherwise a stream we closed: late cells are dropped (tor-spec 6.3).
            try streams[cell.streamID]?.receive(cell)
        default:
            logger.debug("dropping a relay message", metadata: ["command": "\(cell.command)"])
        }
    }

    private func requireLastHop(_ hop: Int, _ command: RelayCommand) throws {
        guard hop == lastHop else {
            throw CircuitError.unexpected("a \(command) from hop \(hop + 1), which is not the circuit's last hop")
        }
    }

    /// RELAY_DATA: counts against the circuit window of the hop, sending the authenticated
    /// SENDME when due (tor-spec 7.3); the stream's window or flow control counts it when the
    /// stream gets it (7.4).
    private func countData(_ cell: RelayCell, fromHop hop: Int) throws {
        try requireLastHop(hop, cell.command)
        guard cell.streamID != 0 else { throw CircuitError.unexpected("RELAY_DATA on stream 0") }
        // Every DATA cell counts for the circuit, even one for a stream we already closed:
        // the hop counted it when it sent it.
        dataCellsReceived &+= 1
        if let sendme = windows[hop].didDeliverDataCell(receivedCellDigest: crypto.hop(hop).lastReceivedDigest) {
            try sendRelay(sendme, streamID: 0, toHop: hop)
            // The exit's congestion window follows the RTT it measures to this SENDME.
            if hop == congestionHop { mux?.flushNow() }
        }
    }

    /// RELAY_SENDME: stream 0 reopens the hop's circuit window after checking its digest
    /// (tor-spec 7.3.1); another stream ID reopens that stream's window (7.4).
    ///
    /// On the hop with congestion control the SENDME feeds ``CongestionWindow`` instead, and a
    /// stream SENDME is a protocol violation: stream windows are gone there (prop 324 2.2), and
    /// tor closes a circuit for one ("Congestion control got stream sendme").
    private func receiveSendme(_ cell: RelayCell, fromHop hop: Int) throws {
        if cell.streamID == 0 {
            let sendme = try cell.message(as: SendmeMessage.self)
            if hop == congestionHop {
                try congestion?.didReceiveSendme(
                    sendme, channelBlocked: !(mux?.isWritable ?? true), now: monotonicClock())
            } else {
                try windows[hop].didReceiveSendme(sendme)
            }
            if hop == lastHop { resumePackaging() }
            return
        }
        try requireLastHop(hop, cell.command)
        if streamsUseCongestionControl {
            throw CircuitError(
                .congestionControlStreamSendme, kind: .protocolViolation,
                "the exit sent a stream SENDME on a circuit with congestion control, where stream "
                    + "windows do not exist (prop 324 2.2); the circuit was closed")
        }
        try streams[cell.streamID]?.receiveSendme()
    }

    /// RELAY_XOFF / RELAY_XON for a stream (prop 324 4.1). On a circuit without congestion
    /// control they mean nothing and are dropped, as tor drops them ("Got XOFF for
    /// non-congestion control circuit"); malformed ones close the circuit.
    private func receiveStreamFlowControl(_ cell: RelayCell) throws {
        guard streamsUseCongestionControl else {
            logger.debug("dropping a stream flow control message on a circuit without congestion control",
                         metadata: ["command": "\(cell.command)"])
            return
        }
        if cell.command == .xoff {
            let message = try cell.message(as: XoffMessage.self)
            streams[cell.streamID]?.receive(message)
        } else {
            let message = try cell.message(as: XonMessage.self)
            streams[cell.streamID]?.receive(message)
        }
    }

    // MARK: Sending stream data

    /// True while a DATA cell may go to the last hop: its circuit window is open and the channel
    /// is not backed up (tor-spec 7.3).
    var canPackageData: Bool {
        guard isOpen, mux?.isWritable ?? false else { return false }
        return lastHop == congestionHop ? congestion?.canPackage ?? false : windows[lastHop].canPackage
    }

    /// Sends one RELAY_DATA cell on `streamID` to the last hop and counts it in the circuit
    /// window, remembering the digest the hop's SENDME must echo (tor-spec 7.3.1).
    func sendData(streamID: UInt16, _ data: ByteBuffer) throws {
        let hop = lastHop
        try sendRelay(.data, streamID: streamID, data: data, toHop: hop)
        if hop == congestionHop {
            try congestion?.didPackageDataCell(
                sentCellDigest: crypto.hop(hop).lastSentDigest, now: monotonicClock())
        } else {
            try windows[hop].didPackageDataCell(sentCellDigest: crypto.hop(hop).lastSentDigest)
        }
    }
}
