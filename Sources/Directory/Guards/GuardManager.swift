#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import TorCore

/// The client's entry guards (guard-spec): a ``GuardStateMachine`` driven by a wall clock and
/// a secure random generator, saved to DataDirectory/state whenever what persists changes.
///
/// The state file is read once, at creation. A damaged file is moved to `state.damaged` with
/// a warning and the guards are sampled anew; it is never trusted.
public actor GuardManager {
    /// DataDirectory/state.
    public nonisolated let stateFilePath: String
    private var machine: GuardStateMachine
    private var otherLines: [String]
    private var savedGuards: [SampledGuard]
    private var random: SendableRandomGenerator
    private let clock: @Sendable () -> Int64
    private let restrictions: PathRestrictions
    private let logger: Logger
    /// The error of the last failed save, nil after a successful one.
    public private(set) var lastSaveError: DirectoryError?

    /// The current Unix time, the default clock.
    public static let systemClock: @Sendable () -> Int64 = { Int64(time(nil)) }

    /// Loads the guard state of `dataDirectory`.
    ///
    /// - Parameters:
    ///   - restrictions: the path rules a guard must satisfy against relays already chosen.
    ///   - nodeFilter: EntryNodes and ExcludeNodes, which guards must pass.
    ///   - clock: Unix seconds; tests inject their own.
    ///   - random: the randomness for sampling and date blurring; the system's secure generator
    ///     by default.
    public init(
        dataDirectory: String, restrictions: PathRestrictions, nodeFilter: NodeFilter = NodeFilter(),
        clock: @escaping @Sendable () -> Int64 = GuardManager.systemClock,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        logger: Logger = Logger(label: "torswift.guards")
    ) {
        let directory = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        let path = directory + "/" + GuardStateFile.fileName
        let file = Self.load(path: path, logger: logger)
        stateFilePath = path
        machine = GuardStateMachine(restoring: file.guards)
        otherLines = file.otherLines
        savedGuards = machine.persistentGuards
        self.random = SendableRandomGenerator(base: random)
        self.clock = clock
        self.restrictions = restrictions
        self.logger = logger
        machine.setNodeFilter(nodeFilter, now: clock(), using: &self.random)
    }

    /// {PRIMARY_GUARDS}, best first.
    public var primaryGuards: [RelayFingerprint] { machine.primaryGuards }
    /// {CONFIRMED_GUARDS}, best first.
    public var confirmedGuards: [RelayFingerprint] { machine.confirmedGuards }
    /// {SAMPLED_GUARDS} in sample order, with their reachability.
    public var sampledGuards: [SampledGuard] { machine.sampledGuards }

    /// Takes a new consensus (guard-spec 4.10) and saves what changed.
    public func update(view: NetworkView) {
        machine.update(view: view, now: clock(), using: &random)
        saveIfChanged()
    }

    /// Takes new EntryNodes/ExcludeNodes (a reload); see
    /// ``GuardStateMachine/setNodeFilter(_:now:using:)``.
    public func update(nodeFilter: NodeFilter) {
        machine.setNodeFilter(nodeFilter, now: clock(), using: &random)
        saveIfChanged()
    }

    /// DROPGUARDS: forgets every guard and samples new ones; the state file is rewritten.
    public func dropAllGuards() {
        machine.dropAllGuards(now: clock(), using: &random)
        saveIfChanged()
    }

    /// The guard for a new circuit or directory fetch; see
    /// ``GuardStateMachine/chooseGuard(for:avoiding:restrictions:now:using:)``.
    public func chooseGuard(for usage: GuardUsage, avoiding others: [Relay] = []) throws(DirectoryError) -> GuardSelection {
        defer { saveIfChanged() }
        return try machine.chooseGuard(for: usage, avoiding: others, restrictions: restrictions, now: clock(), using: &random)
    }

    /// A circuit through `selection`'s guard was built; says whether to use it now.
    public func recordSuccess(_ selection: GuardSelection) -> GuardVerdict {
        defer { saveIfChanged() }
        return machine.recordSuccess(selection.identity, usability: selection.usability, now: clock(), using: &random)
    }

    /// A circuit or connection through `identity` failed because of the guard.
    public func recordFailure(_ identity: RelayFingerprint) {
        machine.recordFailure(identity, now: clock())
    }

    /// Whether a circuit held with ``GuardVerdict/waitForBetterGuard`` may now be used; if so
    /// its guard is confirmed.
    public func promoteWaitingCircuit(through identity: RelayFingerprint) -> Bool {
        defer { saveIfChanged() }
        return machine.promoteWaitingCircuit(through: identity, now: clock(), using: &random)
    }

    /// Writes the state file now (atomically: temporary file, flush, rename).
    public func save() throws(DirectoryError) {
        let persistent = machine.persistentGuards
        let bytes = GuardStateFile(guards: persistent, otherLines: otherLines).encoded(writtenAt: clock())
        try GuardStateStorage.writeAtomically(bytes, to: stateFilePath)
        savedGuards = persistent
    }

    /// Saves when the persistent part changed; a failure is logged and kept in
    /// ``lastSaveError`` (the guards in memory stay right, and the next change retries).
    private func saveIfChanged() {
        guard machine.persistentGuards != savedGuards else { return }
        do {
            try save()
            lastSaveError = nil
        } catch {
            lastSaveError = error
            logger.warning("Could not save the guard state: \(error)")
        }
    }

    /// The state file's contents: empty when it is missing, unreadable or damaged (moved aside).
    private static func load(path: String, logger: Logger) -> GuardStateFile {
        do {
            guard let bytes = try GuardStateStorage.contents(of: path) else { return GuardStateFile(guards: []) }
            do {
                return try GuardStateFile(decoding: bytes)
            } catch {
                logger.warning("\(error.reason); it was moved to \(GuardStateStorage.damagedPath(for: path)) and guards will be sampled anew")
                do { try GuardStateStorage.setAside(path: path) } catch { logger.warning("\(error.reason)") }
                return GuardStateFile(guards: [])
            }
        } catch {
            logger.warning("\(error.reason); starting with no guards")
            return GuardStateFile(guards: [])
        }
    }
}

/// A random generator of any concrete type, so the actor can hold the one it was given.
struct SendableRandomGenerator: RandomNumberGenerator, Sendable {
    var base: any RandomNumberGenerator & Sendable

    mutating func next() -> UInt64 { base.next() }
}
