import TorCore

/// What a guard is wanted for (guard-spec 4.6): a multi-hop circuit uses one of the first
/// {NUM_USABLE_PRIMARY_GUARDS} primary guards, a directory fetch one of the first
/// {NUM_USABLE_PRIMARY_DIRECTORY_GUARDS}.
public enum GuardUsage: Sendable, Equatable {
    /// The first hop of a circuit: the guard needs a microdescriptor (guard-spec 4.12).
    case circuit
    /// A one-hop BEGIN_DIR fetch: address, port and identity are enough.
    case directory
}

/// The state a new circuit starts in, by the guard it uses (guard-spec 4.6).
public enum GuardUsability: Sendable, Hashable {
    /// Through a primary guard: usable as soon as it is built.
    case usableOnCompletion
    /// Through a non-primary guard: once built, usable only if no better guard turns out to work.
    case usableIfNoBetterGuard
}

/// What to do with a circuit whose guard just worked (guard-spec 4.8, 4.9).
public enum GuardVerdict: Sendable, Equatable {
    /// Attach streams: the circuit is complete.
    case useNow
    /// Hold the circuit (<waiting_for_better_guard>); ask
    /// ``GuardStateMachine/promoteWaitingCircuit(through:now:using:)`` again after later
    /// reports, and close it after {NONPRIMARY_GUARD_IDLE_TIMEOUT}.
    case waitForBetterGuard
}

/// A guard chosen for one circuit or directory fetch.
public struct GuardSelection: Sendable, Hashable {
    /// The guard's fingerprint: what success and failure are reported under.
    public let identity: RelayFingerprint
    /// Its nickname in the current consensus.
    public let nickname: String
    /// Its IPv4 address.
    public let address: IPv4Address
    /// Its OR port.
    public let orPort: UInt16
    /// The full relay, nil when its microdescriptor is missing (only for ``GuardUsage/directory``).
    public let relay: Relay?
    /// How the circuit may be used once built.
    public let usability: GuardUsability
}

extension DirectoryError.Code {
    /// The guard state has no consensus yet, so no guard's address is known.
    public static let guardNoConsensus: Self = "dir.guard.no-consensus"
    /// No sampled guard can be used now.
    public static let guardNoneUsable: Self = "dir.guard.none-usable"
    /// The chosen primary guard's microdescriptor is missing (guard-spec 4.12).
    public static let guardMissingDescriptor: Self = "dir.guard.missing-descriptor"
}

/// A member of {GUARDS} in the current view, with or without its microdescriptor.
struct GuardCandidate: Sendable {
    let identity: RelayFingerprint
    let nickname: String
    let address: IPv4Address
    let orPort: UInt16
    let flags: RouterFlags
    let bandwidth: UInt32?
    let relay: Relay?

    /// The {GUARDS} of `view`, in consensus order (relays with microdescriptors first).
    static func all(in view: NetworkView) -> [GuardCandidate] {
        let complete = view.relays.filter(\.flags.isPossibleGuard).map { relay in
            GuardCandidate(
                identity: relay.rsaIdentity, nickname: relay.nickname, address: relay.address,
                orPort: relay.orPort, flags: relay.flags, bandwidth: relay.bandwidth, relay: relay)
        }
        let incomplete = view.relaysWithoutMicrodescriptor.compactMap { status -> GuardCandidate? in
            guard status.flags.isPossibleGuard, let identity = RelayFingerprint(digestBytes: status.rsaIdentity),
                  let address = IPv4Address(status.address)
            else { return nil }
            return GuardCandidate(
                identity: identity, nickname: status.nickname, address: address, orPort: status.orPort,
                flags: status.flags, bandwidth: status.bandwidth?.bandwidth, relay: nil)
        }
        return complete + incomplete
    }

    func selection(_ usability: GuardUsability) -> GuardSelection {
        GuardSelection(identity: identity, nickname: nickname, address: address, orPort: orPort, relay: relay, usability: usability)
    }
}
