import NIOCore
import TorCore

/// What the I/O shell must do after the handshake state machine took an input.
public enum LinkHandshakeAction: Sendable {
    /// Nothing yet: wait for the next cell.
    case none
    /// Send these cells, in order.
    case send([Cell])
    /// Send these cells, then the channel is open: hand `ChannelInfo` to whoever waits.
    case complete(send: [Cell], ChannelInfo)
    /// The handshake failed: close the channel with this error.
    case fail(CircuitError)
}

/// The initiator's side of the in-protocol link handshake (tor-spec 4), as a client that does
/// not authenticate. Sans-IO: it is given cells, the TLS peer certificate and the time, and
/// answers with ``LinkHandshakeAction``s; ``LinkHandshakeHandler`` is its I/O shell.
///
/// The exchange: we send VERSIONS offering 4 and 5 (tor-spec 4.1; spec/README.md); the relay
/// sends VERSIONS, CERTS, AUTH_CHALLENGE and NETINFO; we check CERTS (``CertsVerifier``),
/// ignore AUTH_CHALLENGE beyond checking its form (tor-spec 4.3: we do not authenticate), and
/// answer the relay's NETINFO with ours: time 0, the relay's address as "other address" and no
/// addresses of our own (tor-spec 4.5, to avoid fingerprinting). PADDING and VPADDING are
/// dropped at every step, later VERSIONS cells are ignored (tor-spec 4.1), and any other cell
/// is a protocol violation.
///
/// What tor 0.4.9 relays really send (seen on the private network): VERSIONS lists 3, 4 and 5
/// although they accept only 4 and 5 from us; CERTS holds types 1, 2, 4, 5 and 7, type 1 being
/// the TLS certificate itself; AUTH_CHALLENGE offers method 3 only; NETINFO carries the relay's
/// real time, our address, and its own address only when it knows one (a relay without
/// `Address` sends none). Nothing else arrives before the handshake completes.
///
/// Cells must be framed by ``LinkCellFramer`` (its codec switch after VERSIONS is what the
/// state machine assumes).
public struct LinkHandshakeStateMachine: Sendable {
    private enum State: Sendable {
        case idle
        case awaitingVersions
        case awaitingCerts(linkProtocol: UInt16)
        case awaitingNetinfo(linkProtocol: UInt16, identity: VerifiedRelayIdentity, sawAuthChallenge: Bool)
        case complete(ChannelInfo)
        case failed
    }

    /// The identity the relay must prove.
    public let expectedIdentity: RelayIdentity
    /// The relay's address as we connected to it: the "other address" of our NETINFO.
    public let relayAddress: NetinfoAddress
    /// The versions we offer.
    public let offeredVersions: [UInt16]
    private var state = State.idle
    private var tlsCertificateDER: [UInt8]?

    /// A handshake with the relay at `relayAddress` that must prove `expectedIdentity`.
    public init(
        expectedIdentity: RelayIdentity, relayAddress: NetinfoAddress,
        offeredVersions: [UInt16] = VersionsMessage.clientVersions
    ) {
        self.expectedIdentity = expectedIdentity
        self.relayAddress = relayAddress
        self.offeredVersions = offeredVersions
    }

    /// The channel's details once the handshake completed.
    public var channelInfo: ChannelInfo? {
        if case .complete(let info) = state { info } else { nil }
    }

    /// Starts the handshake: our VERSIONS cell. May run before TLS finishes (the TLS handler
    /// holds plaintext until then). A second call does nothing.
    public mutating func start() -> LinkHandshakeAction {
        guard case .idle = state else { return .none }
        state = .awaitingVersions
        do {
            return .send([try Cell(circuitID: .zero, message: VersionsMessage(versions: offeredVersions))])
        } catch {
            state = .failed
            return .fail(CircuitError(.linkEncodingFailed, kind: .internalFailure, "Our VERSIONS cell cannot be encoded: \(error)"))
        }
    }

    /// Records the certificate the relay presented in TLS; CERTS must certify its SHA-256.
    public mutating func tlsHandshakeCompleted(peerCertificateDER: [UInt8]) {
        tlsCertificateDER = peerCertificateDER.isEmpty ? nil : peerCertificateDER
    }

    /// Takes one cell from the relay, received at `now` (Unix seconds).
    public mutating func receive(_ cell: Cell, now: Int64) -> LinkHandshakeAction {
        if cell.command == .padding || cell.command == .vpadding { return .none }
        let action: LinkHandshakeAction
        do {
            action = try advance(with: cell, now: now)
        } catch let error as CircuitError {
            action = .fail(error)
        } catch {
            action = .fail(CircuitError(
                .linkMalformedCell, kind: .protocolViolation,
                "The relay's \(cell.command) cell is malformed (\(error)); the connection is closed. Try another relay."))
        }
        if case .fail = action { state = .failed }
        return action
    }

    private mutating func advance(with cell: Cell, now: Int64) throws -> LinkHandshakeAction {
        switch state {
        case .awaitingVersions:
            // AUTHORIZE may precede VERSIONS (tor-spec 4); it is reserved and carries nothing.
            if cell.command == .authorize { return .none }
            try expect(cell, .versions, waitingFor: "VERSIONS")
            let relayVersions = try cell.message(as: VersionsMessage.self)
            guard let version = relayVersions.highestCommonVersion(with: VersionsMessage(versions: offeredVersions)) else {
                throw CircuitError(
                    .linkNoCommonVersion, kind: .protocolViolation,
                    "The relay speaks link protocols \(relayVersions.versions), none of ours (\(offeredVersions)); it is too old or not a tor relay. Try another relay.")
            }
            state = .awaitingCerts(linkProtocol: version)
            return .none
        case .awaitingCerts(let linkProtocol):
            if cell.command == .versions { return .none }
            try expect(cell, .certs, waitingFor: "CERTS")
            let certs = try cell.message(as: CertsMessage.self)
            guard let tlsCertificateDER else {
                throw CircuitError(
                    .linkMissingTLSCertificate, kind: .protocolViolation,
                    "The relay's CERTS cell arrived without a TLS certificate to check it against; the connection is closed. Try another relay.")
            }
            let identity = try CertsVerifier.verify(
                certs, tlsCertificateDER: tlsCertificateDER, expected: expectedIdentity, now: now)
            state = .awaitingNetinfo(linkProtocol: linkProtocol, identity: identity, sawAuthChallenge: false)
            return .none
        case .awaitingNetinfo(let linkProtocol, let identity, let sawAuthChallenge):
            if cell.command == .versions { return .none }
            if cell.command == .authChallenge, !sawAuthChallenge {
                // Read only to check its form: a client that does not authenticate ignores it.
                _ = try cell.message(as: AuthChallengeMessage.self)
                state = .awaitingNetinfo(linkProtocol: linkProtocol, identity: identity, sawAuthChallenge: true)
                return .none
            }
            try expect(cell, .netinfo, waitingFor: sawAuthChallenge ? "NETINFO" : "AUTH_CHALLENGE or NETINFO")
            let relayNetinfo = try cell.message(as: NetinfoMessage.self)
            let info = ChannelInfo(
                linkProtocol: linkProtocol, relayIdentity: identity, relayTimestamp: relayNetinfo.timestamp,
                receivedAt: now, observedAddress: relayNetinfo.otherAddress, relayAddresses: relayNetinfo.myAddresses)
            let ours = NetinfoMessage(timestamp: 0, otherAddress: relayAddress, myAddresses: [])
            let reply = try Cell(circuitID: .zero, message: ours)
            state = .complete(info)
            return .complete(send: [reply], info)
        case .idle:
            throw CircuitError(
                .linkUnexpectedCell, kind: .protocolViolation,
                "The relay sent a \(cell.command) cell before we sent VERSIONS; the connection is closed. Try another relay.")
        case .complete, .failed:
            return .none
        }
    }

    private func expect(_ cell: Cell, _ command: CellCommand, waitingFor: String) throws {
        guard cell.command == command else {
            throw CircuitError(
                .linkUnexpectedCell, kind: .protocolViolation,
                "The relay sent a \(cell.command) cell while the link handshake waited for \(waitingFor) (tor-spec 4); the connection is closed. Try another relay.")
        }
    }
}
