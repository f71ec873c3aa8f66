import Circuit
import Directory
import FoundationEssentials
import Logging
import TorCore

/// Carrying out the state machine's actions, and feeding it what the builds and circuits report.
extension CircuitPool {
    func perform(_ actions: [CircuitPoolAction]) {
        // A stream counted on a circuit for a request nobody waits for any more is uncounted.
        var unclaimed: [CircuitPoolID] = []
        for action in actions {
            switch action {
            case .launch(let id, let port):
                launch(id, port: port)
            case .abandonBuild(let id, let reason):
                builds.removeValue(forKey: id)?.cancel()
                abandoned.insert(id)
                logger.info("circuit \(id) abandoned before it was built: \(reason)")
                emit(id, .failed, relays: [], reason: reason)
                emit(id, .closed, relays: [], reason: reason)
                timesCreated[id] = nil
            case .close(let id, let reason):
                let built = open.removeValue(forKey: id)
                built?.handle.close()
                logger.debug("circuit \(id) closed: \(reason)")
                emit(id, .closed, relays: built?.relays ?? [], reason: reason)
                timesCreated[id] = nil
            case .attach(let request, let id):
                guard let entry = waiting.removeValue(forKey: request) else {
                    unclaimed.append(id)
                    continue
                }
                entry.timer.cancel()
                guard let built = open[id] else {
                    entry.continuation.resume(throwing: Self.shutDownError())
                    continue
                }
                entry.continuation.resume(returning: PooledCircuit(id: id, handle: built.handle, relays: built.relays))
            case .failRequest(let request):
                guard let entry = waiting.removeValue(forKey: request) else { continue }
                entry.timer.cancel()
                entry.continuation.resume(throwing: Self.shutDownError())
            }
        }
        for id in unclaimed { perform(machine.streamDetached(from: id, now: clock.now())) }
        armWakeTimer()
    }

    /// Makes sure the machine is ticked when its next deadline falls due, even if that is
    /// sooner than ``run()`` will look again.
    private func armWakeTimer() {
        guard !machine.isShutDown, let next = machine.nextWakeup() else { return }
        if let plannedWake, plannedWake <= next, wakeTimer != nil { return }
        wakeTimer?.cancel()
        plannedWake = next
        wakeTimer = Task { [clock] in
            // Measured when the timer starts, so a late start does not push the tick back.
            do { try await clock.sleep(for: max(next.duration(since: clock.now()), .zero)) } catch { return }
            self.wakeTimerFired()
        }
    }

    private func wakeTimerFired() {
        wakeTimer = nil
        plannedWake = nil
        perform(machine.tick(now: clock.now()))
    }

    private func launch(_ id: CircuitPoolID, port: UInt16?) {
        timesCreated[id] = Date()
        emit(id, .launched, relays: [], reason: nil)
        logger.debug("circuit \(id) launched for port \(port.map(String.init) ?? "any")")
        let source = self.source
        builds[id] = Task {
            let result: Result<BuiltCircuit, any Error>
            do {
                result = .success(try await source.buildCircuit(exitPort: port))
            } catch {
                result = .failure(error)
            }
            self.buildFinished(id, result)
        }
    }

    private func buildFinished(_ id: CircuitPoolID, _ result: Result<BuiltCircuit, any Error>) {
        builds[id] = nil
        let known = machine.circuit(id) != nil && !abandoned.contains(id)
        abandoned.remove(id)
        switch result {
        case .success(let built) where !known:
            built.handle.close()
        case .success(let built):
            open[id] = built
            built.handle.closeFuture.whenComplete { _ in
                Task { await self.circuitClosedByNetwork(id) }
            }
            logger.info("circuit \(id) built through \(built.relays.map(\.nickname).joined(separator: ","))")
            emit(id, .built, relays: built.relays, reason: nil)
            perform(machine.buildSucceeded(id, exitAllows: { built.allowsExit(toPort: $0) }, now: clock.now()))
        case .failure where !known:
            break
        case .failure(let error):
            // A path the torrc rules out (ExitNodes naming no exit, say) fails every build
            // alike: tell the user once, at a level they see, rather than at each retry.
            if let pathError = error as? DirectoryError, pathError.kind == .badInput, lastBuildFailure != "\(error)" {
                logger.warning("Cannot build circuits: \(pathError.reason)")
            }
            lastBuildFailure = "\(error)"
            logger.info("circuit \(id) failed to build: \(error)")
            let reason: CircuitCloseReason = error is CancellationError ? .requested : .destroyed
            emit(id, .failed, relays: [], reason: reason)
            emit(id, .closed, relays: [], reason: reason)
            timesCreated[id] = nil
            perform(machine.buildFailed(id, now: clock.now()))
        }
    }

    private func circuitClosedByNetwork(_ id: CircuitPoolID) {
        guard let built = open.removeValue(forKey: id) else { return }
        logger.info("circuit \(id) was closed by the network")
        emit(id, .closed, relays: built.relays, reason: .destroyed)
        timesCreated[id] = nil
        perform(machine.circuitClosed(id, now: clock.now()))
    }

    func requestTimedOut(_ request: StreamRequestID) {
        guard let entry = waiting.removeValue(forKey: request) else { return }
        perform(machine.cancelRequest(request, now: clock.now()))
        let cause = lastBuildFailure.map { " The last build failed: \($0)." } ?? ""
        entry.continuation.resume(throwing: TorClientError(
            .poolTimedOut, kind: .resource,
            "No circuit to port \(entry.port) was ready in time.\(cause) Check that the client has a current directory and can reach relays, or allow a longer timeout."))
    }

    func requestCancelled(_ request: StreamRequestID) {
        guard let entry = waiting.removeValue(forKey: request) else { return }
        entry.timer.cancel()
        perform(machine.cancelRequest(request, now: clock.now()))
        entry.continuation.resume(throwing: CancellationError())
    }

    func emit(_ id: CircuitPoolID, _ status: CircuitStatus, relays: [Relay], reason: CircuitCloseReason?) {
        guard !subscribers.isEmpty else { return }
        let event = CircuitPoolEvent(
            id: id, status: status, relays: relays, timeCreated: timesCreated[id] ?? Date(), reason: reason)
        for continuation in subscribers.values { continuation.yield(event) }
    }
}
