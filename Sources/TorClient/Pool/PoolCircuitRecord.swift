import TorCore

/// What the ``CircuitPoolStateMachine`` knows about one circuit: when it was launched and built,
/// which ports its exit allows, the isolation key of its first stream, and how many streams it
/// carries now.
///
/// Invariant: `isolation` and `firstUsedAt` are both nil (a clean circuit) or both set (a dirty
/// one); a circuit being built carries no streams.
public struct PoolCircuitRecord: Sendable {
    /// The pool's number for the circuit.
    public let id: CircuitPoolID
    /// When the build started.
    public let launchedAt: ResilienceInstant
    /// The port the build was launched for (nil: common ports, chosen by the source).
    public let targetPort: UInt16?
    /// When the build finished; nil while it is being built.
    public internal(set) var builtAt: ResilienceInstant?
    /// The key of the first stream; later streams join only with an equal key.
    public internal(set) var isolation: StreamIsolationKey?
    /// When the first stream was attached: dirtiness counts from here (MaxCircuitDirtiness).
    public internal(set) var firstUsedAt: ResilienceInstant?
    /// Streams attached now.
    public internal(set) var streamCount = 0
    /// When a stream was last attached or detached: an idle dirty circuit unused the longest is
    /// the first closed to make room.
    public internal(set) var lastUsedAt: ResilienceInstant?
    /// Never given to a new stream again (NEWNYM); closed once its streams are gone.
    public internal(set) var isRetired = false
    /// Whether the exit allows a port; set when the build succeeds.
    var exitAllows: (@Sendable (UInt16) -> Bool)?

    init(id: CircuitPoolID, launchedAt: ResilienceInstant, targetPort: UInt16?) {
        self.id = id
        self.launchedAt = launchedAt
        self.targetPort = targetPort
    }

    /// True once the circuit is built and may carry streams.
    public var isBuilt: Bool { builtAt != nil }

    /// True while no stream ever used the circuit and NEWNYM has not retired it: any stream may
    /// take it.
    public var isClean: Bool { isolation == nil && !isRetired }

    /// True when the circuit carried a stream or was retired: C tor's "dirty".
    public var isDirty: Bool { !isClean }

    /// Whether the built circuit's exit allows `port`.
    public func allowsExit(toPort port: UInt16) -> Bool { exitAllows?(port) ?? false }

    /// True when the circuit has been dirty for `maximumDirtiness` or longer at `now`.
    func isExpired(at now: ResilienceInstant, maximumDirtiness: Duration) -> Bool {
        guard let firstUsedAt else { return false }
        return now.duration(since: firstUsedAt) >= maximumDirtiness
    }

    /// Whether a new stream to `port` with `key` may use the circuit at `now`: built, not
    /// retired, the exit allows the port (any exit for ``CircuitPoolStateMachine/anyPort``),
    /// not dirty for too long, and an equal isolation key.
    func accepts(port: UInt16, key: StreamIsolationKey, at now: ResilienceInstant, maximumDirtiness: Duration) -> Bool {
        guard isBuilt, !isRetired else { return false }
        guard port == CircuitPoolStateMachine.anyPort || allowsExit(toPort: port) else { return false }
        guard let isolation else { return true }
        return isolation == key && !isExpired(at: now, maximumDirtiness: maximumDirtiness)
    }

    /// Counts one more stream; the first one fixes the isolation key and starts dirtiness.
    mutating func attach(key: StreamIsolationKey, at now: ResilienceInstant) {
        if isolation == nil {
            isolation = key
            firstUsedAt = now
        }
        streamCount += 1
        lastUsedAt = now
    }

    /// Counts one stream fewer; a detach without a stream attached changes nothing.
    mutating func detach(at now: ResilienceInstant) {
        guard streamCount > 0 else { return }
        streamCount -= 1
        lastUsedAt = now
    }
}
