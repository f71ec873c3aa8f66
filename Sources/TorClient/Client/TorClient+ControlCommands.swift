import Circuit
import ControlPort
import Directory
import SocksServer
import TorCore

/// EXTENDCIRCUIT, CLOSECIRCUIT, CLOSESTREAM, ATTACHSTREAM, MAPADDRESS, RESOLVE and DROPGUARDS
/// (control-spec.txt §3.8–§3.14, §3.18, §3.21). Error codes and messages follow what a tor
/// 0.4.9.11 client answers where this client can do the same; where it cannot, the reason
/// says so instead of pretending.
extension TorClient {
    public func perform(_ command: ControlClientCommand) async throws -> String? {
        switch command {
        case .extendCircuit(let circuitID, let path, let purpose):
            return try await extendCircuit(circuitID, path: path, purpose: purpose ?? "general")
        case .closeCircuit(let circuitID, let ifUnused):
            try await closeCircuit(circuitID, ifUnused: ifUnused)
            return nil
        case .closeStream(let streamID, _):
            // The application's connection closes and the exit gets RELAY_END with reason
            // MISC whatever reason the controller gives: a client names no other (tor-spec 6.3).
            guard let id = Int(streamID), streams.close(id) else { throw Self.unknown("stream", streamID) }
            logger.info("Closed stream \(streamID) at the controller's request.")
            return nil
        case .attachStream(let streamID, _):
            guard streams.streams.contains(where: { "\($0.id)" == streamID }) else { throw Self.unknown("stream", streamID) }
            // C tor's answer for a stream it attaches itself (__LeaveStreamsUnattached 0),
            // which is every stream of this client.
            throw TorClientError(.controlUnmanagedEntity, kind: .badInput, "Connection is not managed by controller.")
        case .mapAddress(let pairs):
            let applied = try parts.addressMap.map(pairs)
            // C tor announces every mapping it makes (not the removal of one) as ADDRMAP.
            for pair in applied where pair.from != pair.to {
                eventSink.send { $0.addressMapped(pair.from, literal: pair.to) }
            }
            return applied.map { "\($0.from)=\($0.to)" }.joined(separator: "\n")
        case .resolve(let names, let reverse):
            guard !reverse else {
                throw TorClientError(
                    .controlUnknownEntity, kind: .badInput, "RESOLVE mode=reverse is not supported by this client; resolve names only")
            }
            for name in names { startResolve(name) }
            return nil
        case .dropGuards:
            // As C tor does: new guards from now on; circuits that exist keep theirs until
            // they are retired.
            await parts.guards.dropAllGuards()
            logger.notice("Dropped every entry guard at the controller's request; new guards are sampled.")
            return nil
        }
    }

    /// EXTENDCIRCUIT 0 builds a new circuit (the client's path, or the one given) and answers
    /// `EXTENDED ID` at once; the build's outcome arrives as CIRC events.
    private func extendCircuit(_ circuitID: String, path names: [String], purpose: String) async throws -> String {
        guard circuitID == "0" else {
            let isControllers = await controllerCircuits.contains(circuitID)
            let isPools = (await parts.pool.snapshot()).contains { "\($0.id)" == circuitID }
            guard isControllers || isPools else { throw Self.unknown("circuit", circuitID) }
            throw TorClientError(
                .controlNotSupported, kind: .badInput,
                "Extending existing circuit \(circuitID) is not supported by this client; EXTENDCIRCUIT 0 builds a new one")
        }
        guard let view = await parts.store.current else {
            throw TorClientError(
                .controlNotSupported, kind: .resource, "Couldn't start circuit: no verified consensus is loaded yet; wait for bootstrap")
        }
        let relays = try names.map { name -> Relay in
            guard let relay = Self.relay(named: name, in: view) else {
                throw TorClientError(.controlUnknownEntity, kind: .badInput, "No such router \"\(name)\"")
            }
            return relay
        }
        let source = parts.source
        let builder = parts.builder
        let id = await controllerCircuits.launch(purpose: purpose.uppercased()) {
            if relays.isEmpty {
                let built = try await source.buildCircuit(exitPort: nil)
                return (built.handle, built.relays.map(ControlledRelay.init))
            }
            let handle = try await builder.build(path: try relays.map(RelayTarget.init(relay:)))
            return (handle, relays.map(ControlledRelay.init))
        }
        return "EXTENDED " + id
    }

    /// A relay of the view by `$FP`, `$FP~nick`, `$FP=nick`, a bare 40-digit fingerprint (what
    /// stem's new_circuit sends, and C tor accepts) or nickname (control-spec §2.4).
    static func relay(named name: String, in view: NetworkView) -> Relay? {
        let bare = name.hasPrefix("$") ? name.dropFirst() : name[...]
        let digits = bare.prefix { $0 != "~" && $0 != "=" }
        if name.hasPrefix("$") || (digits.count == 40 && digits.allSatisfy(\.isHexDigit)) {
            return RelayFingerprint(hex: digits).flatMap { view.relay(rsaIdentity: $0) }
        }
        let lowered = name.lowercased()
        return view.relays.first { $0.nickname.lowercased() == lowered }
    }

    /// CLOSECIRCUIT: a controller circuit closes at once; a pool circuit closes when built
    /// (its streams end with it), or stays when `ifUnused` and streams use it.
    private func closeCircuit(_ circuitID: String, ifUnused: Bool) async throws {
        if await controllerCircuits.close(circuitID) { return }
        guard let entry = (await parts.pool.snapshot()).first(where: { "\($0.id)" == circuitID }) else {
            throw Self.unknown("circuit", circuitID)
        }
        if ifUnused && entry.streamCount > 0 { return }
        guard entry.status == .built else {
            throw TorClientError(
                .controlNotSupported, kind: .badInput,
                "Circuit \(circuitID) is still being built; close it once it is built, or wait for it to fail")
        }
        logger.info("Closing circuit \(circuitID) at the controller's request.")
        await parts.pool.circuitFailed(entry.id)
    }

    /// RESOLVE: looks `name` up at an exit of a circuit of its own isolation group and reports
    /// the answer as an ADDRMAP event (control-spec §4.1.7), an error answer as `<error>`.
    private func startResolve(_ name: String) {
        // An address resolves to itself without asking an exit, as C tor answers it (and as
        // SOCKS RESOLVE does here).
        if IPv4Address(name) != nil || IPv6Address(name) != nil {
            eventSink.send { $0.addressMapped(name, literal: name) }
            return
        }
        let pool = parts.pool
        let sink = eventSink
        let logger = self.logger
        background.append(Task {
            let key = StreamIsolationKey(
                rules: IsolationRules(), sessionGroup: .listener(-1), socksVersion: .socks5, username: nil, password: nil,
                destinationHost: name, destinationPort: 0, clientAddress: "control", clientPort: 0)
            do {
                let lease = try await pool.circuit(forPort: 0, isolation: key, timeout: Self.resolveTimeout)
                defer { Task { await pool.streamDetached(from: lease.id) } }
                let answers = try await lease.handle.resolve(hostname: name)
                sink.send { $0.addressMapped(name, answers: answers, now: ProcessFacts.unixTime) }
            } catch {
                logger.info("RESOLVE of \(Redacted(name)) failed: \(error)")
                sink.send { $0.addressMapped(name, answers: [], now: ProcessFacts.unixTime) }
            }
        })
    }

    /// How long RESOLVE waits for a circuit and an answer.
    static let resolveTimeout: Duration = .seconds(60)

    private static func unknown(_ what: String, _ id: String) -> TorClientError {
        TorClientError(.controlUnknownEntity, kind: .badInput, "Unknown \(what) \"\(id)\"")
    }
}

extension TorClientError.Code {
    /// A command named something the controller does not manage (reply 555).
    public static let controlUnmanagedEntity: Self = "control.unmanaged-entity"
}
