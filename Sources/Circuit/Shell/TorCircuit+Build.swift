import NIOCore
import TorCore

/// Building and extending (tor-spec 5.1, 5.3): the I/O half of ``CircuitBuildStateMachine``.
extension TorCircuit {
    /// Builds the circuit through `path`: CREATE2 (or CREATE_FAST) to `path[0]`, which must be
    /// the relay at the other end of this circuit's channel, then EXTEND2 to each later relay.
    ///
    /// The future fails with the reason when the relay answers DESTROY or TRUNCATED, a
    /// handshake fails, or the whole build takes longer than `timeout` (CircuitBuildTimeout,
    /// path-spec 2.4); the circuit is then closed.
    public func build(path: [RelayTarget], timeout: TimeAmount) -> EventLoopFuture<Void> {
        guard case .idle = phase else {
            return eventLoop.makeFailedFuture(CircuitError(
                .circuitBadPath, kind: .internalFailure,
                "build was called on a circuit that was already built or closed; this is a bug"))
        }
        return start(targets: path, existingHops: 0, timeout: timeout)
    }

    /// Extends an open circuit by one hop to `target` with EXTEND2 (tor-spec 5.1.2), within
    /// `timeout`. A failure closes the circuit (the relays tear it down anyway).
    public func extend(to target: RelayTarget, timeout: TimeAmount) -> EventLoopFuture<Void> {
        guard isOpen else {
            return eventLoop.makeFailedFuture(closeError ?? CircuitError(
                .circuitBadPath, kind: .internalFailure,
                "extend was called on a circuit that is not open; this is a bug"))
        }
        return start(targets: [target], existingHops: crypto.hopCount, timeout: timeout)
    }

    private func start(targets: [RelayTarget], existingHops: Int, timeout: TimeAmount) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        do {
            let machine = try CircuitBuildStateMachine(targets: targets, existingHops: existingHops)
            let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                buildTimedOut(after: timeout)
            }
            phase = .building(BuildProgress(machine: machine, promise: promise, timer: timer))
            sendNextBuildRequest()
        } catch {
            let failure = Self.circuitError(error)
            promise.fail(failure)
            if existingHops == 0 { close(with: failure, sendDestroy: false) }
        }
        flush()
        return promise.futureResult
    }

    /// Runs `body` on the build state machine with an answer from the relay, installs the
    /// hop's keys, and sends the next request or completes the build.
    func advanceBuild(_ body: (inout CircuitBuildStateMachine) throws -> CircuitKeys) {
        guard case .building(var progress) = phase else {
            close(with: .unexpected("a handshake answer while no circuit extension was under way"), sendDestroy: true)
            return
        }
        do {
            let keys = try body(&progress.machine)
            crypto.appendHop(try HopCrypto(keys: keys))
            installWindows(for: progress.machine.lastHopCongestionControl)
            phase = .building(progress)
            sendNextBuildRequest()
        } catch {
            close(with: Self.circuitError(error), sendDestroy: true)
        }
    }

    private func sendNextBuildRequest() {
        guard case .building(var progress) = phase else { return }
        do {
            guard let request = try progress.machine.nextRequest() else {
                progress.timer?.cancel()
                phase = .open
                progress.promise.succeed()
                return
            }
            phase = .building(progress)
            switch request {
            case .create2(let message):
                mux?.send(try Cell(circuitID: id, message: message))
            case .createFast(let message):
                mux?.send(try Cell(circuitID: id, message: message))
            case .extend2(let message, let hop):
                // tor-spec 5.6: EXTEND2 must travel in RELAY_EARLY, of which there are 8.
                guard relayEarlyRemaining > 0 else {
                    throw CircuitError(
                        .circuitRelayEarlyExhausted, kind: .badInput,
                        "This circuit used all \(Self.maximumRelayEarlyCells) RELAY_EARLY cells "
                            + "(tor-spec 5.6) and cannot be extended further; build a shorter path.")
                }
                relayEarlyRemaining -= 1
                try sendRelay(message, streamID: 0, toHop: hop, early: true)
            }
        } catch {
            close(with: Self.circuitError(error), sendDestroy: true)
        }
    }

    private func buildTimedOut(after timeout: TimeAmount) {
        guard case .building(let progress) = phase else { return }
        let milliseconds = timeout.nanoseconds / 1_000_000
        close(
            with: CircuitError(
                .circuitBuildTimedOut, kind: .resource,
                "The circuit was not built within \(milliseconds) ms (CircuitBuildTimeout), stuck "
                    + "at hop \(progress.machine.hopCount + 1); a relay on the path may be overloaded "
                    + "or unreachable. Build through other relays."),
            sendDestroy: true)
    }
}
