import Circuit
import Logging
import NIOCore
import SocksServer
import TorCore

/// Carries SOCKS requests over Tor: CONNECT opens a stream on a pooled circuit whose exit
/// allows the port; RESOLVE and RESOLVE_PTR ask the exit (tor-spec 6.4). A hostname always goes
/// to the exit as text: nothing here calls the system resolver.
///
/// A circuit that fails before the exit answers is reported to the pool and the stream is
/// tried again on another circuit while `SocksTimeout` allows (C tor retries the same way);
/// an exit's refusal (RELAY_END) is final and mapped to its SOCKS reply code. A client that
/// closes its connection mid-request is not waited for: its stream is recorded closed at once,
/// its wait for a circuit ends, and a stream whose BEGIN was sent is ended when it opens.
struct SocksStreamDelegate: SocksRequestDelegate {
    /// The SocksPort line's isolation flags and session group.
    let isolation: SocksListenerIsolation
    let socksTimeout: Duration
    let pool: CircuitPool
    /// The reloadable settings in force now (the torrc-wide isolation flags).
    let settings: LiveStreamIsolation
    let streams: StreamRegistry
    /// MapAddress and MAPADDRESS, applied to each request's target before anything else.
    let addressMap: AddressMap
    let logger: Logger

    /// How many circuits one request may try before giving up.
    static let maximumAttempts = 3

    func handle(_ request: SocksRequest, context: SocksConnectionContext) -> EventLoopFuture<SocksOutcome> {
        // On the connection's loop, not the global pool: no thread wake-ups per stream beyond
        // the hop to the circuit's loop and back (EventLoopTaskExecutor).
        let work = Task(executorPreference: EventLoopTaskExecutor(context.eventLoop)) { () async -> SocksOutcome in
            let deadline = ContinuousClock.now + socksTimeout
            switch request.command {
            case .connect: return await connect(request, context: context, deadline: deadline)
            case .resolve, .resolvePTR: return await resolve(request, context: context, deadline: deadline)
            default: return SocksOutcome.failed(.commandNotSupported)
            }
        }
        // A client that leaves mid-request is not waited for: cancelling ends the wait for a
        // circuit at once, and a stream whose BEGIN is out is ended as soon as it opens.
        context.closeFuture.whenComplete { _ in work.cancel() }
        return EventLoopTaskExecutor.makeFuture(on: context.eventLoop) { await work.value }
    }

    /// Records a new stream, and records it closed the moment its client leaves, whatever the
    /// request is doing then (a stream already failed or closed stays as it ended); a BEGIN or
    /// RESOLVE still out then stops counting on its circuit at once (``PooledStreamClaim``).
    private func openRecord(
        host: String, port: UInt16, resolving: Bool, context: SocksConnectionContext
    ) -> (id: Int, claim: PooledStreamClaim) {
        let streamID = streams.open(host: host, port: port, resolving: resolving, close: context.closeConnection)
        let claim = PooledStreamClaim()
        let registry = streams
        let pool = self.pool
        context.closeFuture.whenComplete { _ in
            registry.update(streamID, status: .closed)
            if let circuit = claim.depart() { Task { await pool.streamDetached(from: circuit) } }
        }
        return (streamID, claim)
    }

    /// A circuit for `request` whose exit allows `port`, shared only as isolation allows.
    private func lease(
        _ request: SocksRequest, _ context: SocksConnectionContext, port: UInt16, deadline: ContinuousClock.Instant
    ) async throws -> PooledCircuit {
        let key = isolation.key(for: request, context: context, settings: settings.settings)
        return try await pool.circuit(forPort: port, isolation: key, timeout: deadline - ContinuousClock.now)
    }

    private func connect(_ request: SocksRequest, context: SocksConnectionContext, deadline: ContinuousClock.Instant) async -> SocksOutcome {
        let host = addressMap.rewrite(request.target.description)
        let (streamID, claim) = openRecord(host: host, port: request.port, resolving: false, context: context)
        var lastError: (any Error)?
        for _ in 0..<Self.maximumAttempts where ContinuousClock.now < deadline && !Task.isCancelled {
            let lease: PooledCircuit
            do {
                lease = try await self.lease(request, context, port: request.port, deadline: deadline)
            } catch {
                lastError = error
                break
            }
            guard claim.ask(on: lease.id) else {
                await pool.streamDetached(from: lease.id)
                break
            }
            streams.update(streamID, status: .sentConnect, circuitID: Int(lease.id.rawValue))
            do {
                let stream = try await lease.handle.openStream(
                    host: host, port: request.port, timeout: Self.timeAmount(until: deadline))
                let counted = claim.answered()
                if !counted || Task.isCancelled {
                    // The client left while BEGIN was out: END the stream the moment it opened.
                    stream.close()
                    if counted { await pool.streamDetached(from: lease.id) }
                    logger.info("Stream \(streamID) ended as it opened: its SOCKS client had left")
                    return .failed(.generalFailure)
                }
                if request.optimisticData.readableBytes > 0 { try await stream.write(request.optimisticData) }
                streams.update(streamID, status: .succeeded)
                let registry = streams
                let pool = self.pool
                context.closeFuture.whenComplete { _ in
                    // The record closes by itself (openRecord). Closing is idempotent; it matters
                    // when the client left before the relay handler was installed, which then
                    // never ends the stream at the exit itself.
                    stream.close()
                    Task { await pool.streamDetached(from: lease.id) }
                }
                return .connected(installRelay: { pipeline in
                    try pipeline.addHandler(TrafficCountingHandler(streams: registry))
                    try pipeline.addHandler(stream.makeRelayHandler())
                })
            } catch let error as CircuitError where error.endReason != nil {
                // The exit answered: the destination refused, or policy forbids it. Final.
                if claim.answered() { await pool.streamDetached(from: lease.id) }
                let reason = error.endReason!
                streams.update(streamID, status: .failed, reason: reason.description)
                logger.info("Stream \(streamID) to \(Redacted(host)):\(request.port) refused by the exit: \(reason)")
                return .failed(endReason: reason.rawValue)
            } catch {
                // The circuit broke or timed out before the exit answered: try another one.
                // A departed client's circuit is not blamed: its closing reaches the pool anyway.
                if claim.answered() {
                    await pool.streamDetached(from: lease.id)
                    await pool.circuitFailed(lease.id)
                }
                lastError = error
                logger.info("Stream \(streamID) lost its circuit \(lease.id) before connecting: \(error); retrying")
            }
        }
        if Task.isCancelled {
            logger.info("Stream \(streamID) abandoned: its SOCKS client left before it opened")
            return .failed(.generalFailure)
        }
        let code = Self.replyCode(for: lastError)
        streams.update(streamID, status: .failed, reason: code == .ttlExpired ? "TIMEOUT" : "MISC")
        logger.notice(
            "Stream \(streamID) to \(Redacted(host)):\(request.port) failed: \(lastError.map { "\($0)" } ?? "SocksTimeout passed")")
        return .failed(code)
    }

    private func resolve(_ request: SocksRequest, context: SocksConnectionContext, deadline: ContinuousClock.Instant) async -> SocksOutcome {
        let name: String
        switch (request.command, request.target) {
        case (.resolve, .hostname(let hostname)): name = addressMap.rewrite(hostname)
        case (.resolve, let literal): return .resolved(literal)  // an address resolves to itself
        case (.resolvePTR, .ipv4(let address)): name = address.reverseLookupName
        case (.resolvePTR, .ipv6(let address)): name = address.reverseLookupName
        default: return .failed(.addressTypeNotSupported)
        }
        let (streamID, claim) = openRecord(host: name, port: 0, resolving: true, context: context)
        var lastError: (any Error)?
        for _ in 0..<Self.maximumAttempts where ContinuousClock.now < deadline && !Task.isCancelled {
            let lease: PooledCircuit
            do {
                lease = try await self.lease(request, context, port: 0, deadline: deadline)
            } catch {
                lastError = error
                break
            }
            guard claim.ask(on: lease.id) else {
                await pool.streamDetached(from: lease.id)
                break
            }
            streams.update(streamID, status: .sentResolve, circuitID: Int(lease.id.rawValue))
            do {
                let answers = try await lease.handle.resolve(hostname: name, timeout: Self.timeAmount(until: deadline))
                if claim.answered() { await pool.streamDetached(from: lease.id) }
                if let answer = Self.answer(answers, forPointer: request.command == .resolvePTR) {
                    streams.update(streamID, status: .succeeded)
                    streams.update(streamID, status: .closed)
                    return .resolved(answer)
                }
                streams.update(streamID, status: .failed, reason: "RESOLVEFAILED")
                return .failed(.hostUnreachable)
            } catch let error as CircuitError where error.code == .resolveFailed || error.code == .resolveFailedTransient {
                if claim.answered() { await pool.streamDetached(from: lease.id) }
                streams.update(streamID, status: .failed, reason: "RESOLVEFAILED")
                return .failed(.hostUnreachable)
            } catch {
                // A departed client's circuit is not blamed: its closing reaches the pool anyway.
                if claim.answered() {
                    await pool.streamDetached(from: lease.id)
                    await pool.circuitFailed(lease.id)
                }
                lastError = error
            }
        }
        if Task.isCancelled { return .failed(.generalFailure) }  // the client left: nobody to tell
        streams.update(streamID, status: .failed, reason: "MISC")
        return .failed(Self.replyCode(for: lastError))
    }

    /// The first usable answer: an address for RESOLVE, a hostname for RESOLVE_PTR.
    static func answer(_ answers: [ResolvedAnswer], forPointer: Bool) -> SocksTarget? {
        for answer in answers {
            switch answer.value {
            case .hostname(let name) where forPointer: return .hostname(name)
            case .ipv4(let address) where !forPointer: return .ipv4(SocksIPv4Address(rawValue: address.rawValue))
            case .ipv6(let address) where !forPointer: return .ipv6(SocksIPv6Address(high: address.high, low: address.low))
            default: continue
            }
        }
        return nil
    }

    /// Timeouts become TTL expired (what C tor answers for END_REASON_TIMEOUT); anything else
    /// that kept us from reaching an exit is a general failure.
    static func replyCode(for error: (any Error)?) -> SocksReplyCode {
        guard let error else { return .ttlExpired }
        if let circuit = error as? CircuitError,
           circuit.code == .streamTimedOut || circuit.code == .circuitBuildTimedOut {
            return .ttlExpired
        }
        if let client = error as? TorClientError, client.kind == .resource { return .ttlExpired }
        return .generalFailure
    }

    static func timeAmount(until deadline: ContinuousClock.Instant) -> TimeAmount {
        let remaining = deadline - ContinuousClock.now
        let (seconds, attoseconds) = remaining.components
        return .nanoseconds(max(1_000_000, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
