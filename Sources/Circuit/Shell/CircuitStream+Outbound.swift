import NIOCore
import TorCore

/// Writing to a stream and ending it (tor-spec 6.2, 6.3, 7.4).
extension CircuitStream {
    /// Queues `data` to be sent as DATA cells; `promise` completes once all of it left in cells.
    /// Before CONNECTED, data waits (this client sends no optimistic data).
    func write(_ data: ByteBuffer, promise: EventLoopPromise<Void>?) {
        if case .closed = phase {
            promise?.fail(closeError ?? .streamClosed())
            return
        }
        guard data.readableBytes > 0 else {
            promise?.succeed()
            return
        }
        pending.append((data, promise))
        pendingBytes += data.readableBytes
        packagePending()
        circuit?.flush()
    }

    /// Sends queued writes as DATA cells of up to 498 bytes while the stream window, the
    /// circuit window and the channel allow (tor-spec 7.3, 7.4).
    func packagePending() {
        guard case .open = phase, let circuit else { return }
        do {
            while var first = pending.first, streamMayPackage, circuit.canPackageData {
                let chunk = first.data.readSlice(length: min(first.data.readableBytes, RelayCell.maximumDataLength))!
                try circuit.sendData(streamID: id, chunk)
                if flow == nil { try window.didPackageDataCell() }
                pendingBytes -= chunk.readableBytes
                if first.data.readableBytes == 0 {
                    pending.removeFirst()
                    first.promise?.succeed()
                } else {
                    pending[pending.startIndex] = first
                }
            }
        } catch {
            circuit.close(with: TorCircuit.circuitError(error), sendDestroy: true)
            return
        }
        updateWritability()
    }

    /// The stream's own limit: its package window, or with congestion control no XOFF from
    /// the exit in force (prop 324 4.1).
    private var streamMayPackage: Bool {
        if let flow { return !flow.isPausedByPeer }
        return window.canPackage
    }

    private func updateWritability() {
        if isWritable, pendingBytes >= Self.writeHighWatermark {
            isWritable = false
            endpoint?.streamWritabilityChanged(false)
        } else if !isWritable, pendingBytes <= Self.writeLowWatermark {
            isWritable = true
            endpoint?.streamWritabilityChanged(true)
        }
    }

    // MARK: Ending

    /// Closes the stream from this side: RELAY_END with reason MISC, the only reason a client
    /// sends for its own streams (tor-spec 6.3). Queued data is dropped; the endpoint hears a
    /// clean end.
    func close() {
        if case .closed = phase { return }
        // Detached first, so the failure below is not reported to it as an error.
        let endpoint = self.endpoint
        self.endpoint = nil
        received.removeAll()
        receivedBytes = 0
        fail(.streamClosed(), sendEnd: true)
        endpoint?.streamFinished(nil)
        circuit = nil
    }

    /// The circuit closed with `error`: everything pending fails with it.
    func circuitDidClose(_ error: CircuitError) {
        switch phase {
        case .closed:
            return
        case .opening(let promise, let timer):
            timer?.cancel()
            phase = .closed
            closeError = error
            promise.fail(error)
            failPendingWrites(error)
        case .open:
            end(inbound: .failed(error), writeError: error)
        }
    }

    /// Ends an opening or open stream: END to the exit if asked, the opening request fails.
    func fail(_ error: CircuitError, sendEnd: Bool) {
        let previous = phase
        phase = .closed
        closeError = error
        if sendEnd, let circuit {
            circuit.sendEndSoon(streamID: id)
        }
        circuit?.removeStream(self)
        if case .opening(let promise, let timer) = previous {
            timer?.cancel()
            promise.fail(error)
        }
        failPendingWrites(error)
        if case .open = previous, inboundEnd == nil {
            inboundEnd = .failed(error)
            scheduleDelivery()
        }
    }

    /// The open stream ended from the exit's side or with its circuit: no END goes back
    /// (tor-spec 6.3), queued data is still delivered, then `inbound`.
    func end(inbound: InboundEnd, writeError: CircuitError) {
        phase = .closed
        closeError = writeError
        circuit?.removeStream(self)
        failPendingWrites(writeError)
        inboundEnd = inbound
        scheduleDelivery()
    }

    private func failPendingWrites(_ error: CircuitError) {
        pendingBytes = 0
        while let write = pending.popFirst() { write.promise?.fail(error) }
    }
}
