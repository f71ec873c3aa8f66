import TorCore

/// The sans-IO core of building a circuit hop by hop (tor-spec 5.1, 5.3).
///
/// The first hop gets CREATE2 with an ntor handshake (or CREATE_FAST when its onion key is not
/// known, tor-spec 5.1.5); every later hop gets EXTEND2 with ntor, sent to the current last
/// hop. Each answer (CREATED2, CREATED_FAST, EXTENDED2) yields the new hop's keys, which the
/// shell installs in ``RelayCrypto`` before asking for the next request. Invariant: at most one
/// request is outstanding, and an answer that does not fit it is a protocol violation.
///
/// Congestion control (prop 324 10): the last relay of a build that is reached by EXTEND2 (so
/// never a one-hop circuit) and whose ``RelayTarget/congestionControl`` is set and enabled gets
/// an ntor v3 handshake (type 3, proposal 332) carrying the CC request; the exit's answer
/// decides ``lastHopCongestionControl``.
public struct CircuitBuildStateMachine: Sendable {
    /// A message the shell must send next.
    public enum Request: Sendable, Equatable {
        /// A CREATE2 cell to the first hop.
        case create2(Create2Message)
        /// A CREATE_FAST cell to the first hop.
        case createFast(CreateFastMessage)
        /// An EXTEND2 relay message for the circuit's current last hop, in a RELAY_EARLY cell
        /// (tor-spec 5.6).
        case extend2(Extend2Message, toHop: Int)
    }

    private enum Pending: Sendable {
        case nothing
        case createFast(CreateFastHandshake)
        case create2(NtorClientHandshake)
        case extend2(NtorClientHandshake)
        case extend2V3(NtorV3ClientHandshake, CongestionControlParameters)
    }

    /// The relays still to add, in order.
    public let targets: [RelayTarget]
    /// Hops the circuit has (keys installed), including those it had before this build.
    public private(set) var hopCount: Int
    private var nextTarget = 0
    private var pending = Pending.nothing
    /// What the hop added by the last answer agreed to: the congestion control it negotiated,
    /// or nil when it uses fixed windows (no request made, or no response in its answer).
    public private(set) var lastHopCongestionControl: CongestionControlAgreement?

    /// A build that adds `targets` to a circuit that already has `existingHops` hops (0 for a
    /// new circuit). Throws `circuit.badPath` when there is nothing to add, or a hop after the
    /// first has no ntor onion key.
    public init(targets: [RelayTarget], existingHops: Int = 0) throws {
        guard !targets.isEmpty else {
            throw CircuitError(.circuitBadPath, kind: .badInput, "A circuit needs at least one relay.")
        }
        for (index, target) in targets.enumerated() where target.ntorOnionKey == nil {
            guard existingHops == 0, index == 0 else {
                throw CircuitError(
                    .circuitBadPath, kind: .badInput,
                    "Relay \(target) has no ntor onion key, which every hop after the first needs "
                        + "(tor-spec 5.1.4); fetch its microdescriptor first.")
            }
        }
        self.targets = targets
        self.hopCount = existingHops
    }

    /// True once every target is a hop of the circuit.
    public var isComplete: Bool { nextTarget == targets.count && isIdle }

    private var isIdle: Bool {
        if case .nothing = pending { return true }
        return false
    }

    /// The next message to send, or nil when the build is complete. Call it at the start and
    /// after each answer's keys are installed.
    public mutating func nextRequest() throws -> Request? {
        guard isIdle, nextTarget < targets.count else { return nil }
        let target = targets[nextTarget]
        guard let onionKey = target.ntorOnionKey else {
            let handshake = CreateFastHandshake()
            pending = .createFast(handshake)
            return .createFast(handshake.message)
        }
        if hopCount > 0, nextTarget == targets.count - 1, let parameters = target.congestionControl,
           parameters.isEnabled, let identity = target.ed25519Identity
        {
            let handshake = try NtorV3ClientHandshake(
                relayIdentity: identity, relayOnionKey: onionKey, message: CongestionControlNegotiation.requestMessage)
            pending = .extend2V3(handshake, parameters)
            return .extend2(
                Extend2Message(
                    linkSpecifiers: target.linkSpecifiers, handshakeType: NtorV3ClientHandshake.handshakeType,
                    handshakeData: handshake.onionSkin),
                toHop: hopCount - 1)
        }
        let handshake = try NtorClientHandshake(relayIdentity: target.rsaIdentity, relayOnionKey: onionKey)
        if hopCount == 0 {
            pending = .create2(handshake)
            return .create2(Create2Message(
                handshakeType: NtorClientHandshake.handshakeType, handshakeData: handshake.onionSkin))
        }
        pending = .extend2(handshake)
        return .extend2(
            Extend2Message(
                linkSpecifiers: target.linkSpecifiers, handshakeType: NtorClientHandshake.handshakeType,
                handshakeData: handshake.onionSkin),
            toHop: hopCount - 1)
    }

    /// The first hop's CREATED2: checks the ntor reply and returns the hop's keys.
    public mutating func receive(_ created: Created2Message) throws -> CircuitKeys {
        guard case .create2(let handshake) = pending else { throw Self.unexpected("CREATED2") }
        return try advance(handshake.complete(serverReply: created.handshakeData))
    }

    /// The first hop's CREATED_FAST: checks KH and returns the hop's keys.
    public mutating func receive(_ created: CreatedFastMessage) throws -> CircuitKeys {
        guard case .createFast(let handshake) = pending else { throw Self.unexpected("CREATED_FAST") }
        return try advance(handshake.complete(created))
    }

    /// The last hop's EXTENDED2: checks the new hop's ntor reply and returns its keys.
    /// For an ntor v3 extension, also reads the exit's congestion control answer (prop 324
    /// 10.5) into ``lastHopCongestionControl``, throwing when it is invalid.
    public mutating func receive(_ extended: Extended2Message) throws -> CircuitKeys {
        switch pending {
        case .extend2(let handshake):
            return try advance(handshake.complete(serverReply: extended.handshakeData))
        case .extend2V3(let handshake, let parameters):
            let completion = try handshake.complete(serverReply: extended.handshakeData)
            let increment = try CongestionControlNegotiation.negotiatedIncrement(
                serverMessage: completion.serverMessage, requested: true,
                consensusIncrement: Int(parameters.sendmeIncrement))
            let agreement = increment.map { CongestionControlAgreement(parameters: parameters, sendmeIncrement: $0) }
            return try advance(completion.keys, congestionControl: agreement)
        default:
            throw Self.unexpected("EXTENDED2")
        }
    }

    private mutating func advance(
        _ keys: @autoclosure () throws -> CircuitKeys, congestionControl: CongestionControlAgreement? = nil
    ) throws -> CircuitKeys {
        let derived = try keys()
        lastHopCongestionControl = congestionControl
        pending = .nothing
        nextTarget += 1
        hopCount += 1
        return derived
    }

    private static func unexpected(_ what: String) -> CircuitError {
        .unexpected("a \(what) that answers no request of this circuit")
    }
}
