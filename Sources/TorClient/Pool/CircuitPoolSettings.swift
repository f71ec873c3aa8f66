import TorCore

/// How the circuit pool builds, shares and retires circuits: the torrc's `MaxCircuitDirtiness`,
/// `NewCircuitPeriod`, `CircuitBuildTimeout`, `CircuitPoolMinSize`, `CircuitPoolMaxSize` and
/// `EnableCircuitPrebuilding` (all reloadable, see ``TorCore/ReloadableSettings``).
///
/// Invariant: `maximumSize` is at least 1 and at least `minimumSize`; durations are positive.
public struct CircuitPoolSettings: Sendable, Equatable {
    /// A circuit that carried a stream takes new streams for this long after its first one
    /// (tor(1), MaxCircuitDirtiness; path-spec.txt §2.1.1 "dirty" circuits).
    public var maximumDirtiness: Duration
    /// The shortest time between two prebuild rounds (tor(1), NewCircuitPeriod).
    public var newCircuitPeriod: Duration
    /// A circuit still being built after this long is abandoned (tor(1), CircuitBuildTimeout;
    /// path-spec.txt §2.4).
    public var buildTimeout: Duration
    /// Clean circuits, open or being built, kept ready while prebuilding is on.
    public var minimumSize: Int
    /// The most circuits the pool holds at once, building ones included.
    public var maximumSize: Int
    /// Build circuits before streams ask for them (path-spec.txt §2.1.1 "preemptive" circuits).
    public var isPrebuildingEnabled: Bool

    /// Explicit settings, clamped to the invariant; the defaults are the torrc defaults.
    public init(
        maximumDirtiness: Duration = .seconds(600), newCircuitPeriod: Duration = .seconds(30),
        buildTimeout: Duration = .seconds(60), minimumSize: Int = 2, maximumSize: Int = 12,
        isPrebuildingEnabled: Bool = true
    ) {
        let shortest = Duration.milliseconds(1)
        self.maximumDirtiness = max(maximumDirtiness, shortest)
        self.newCircuitPeriod = max(newCircuitPeriod, shortest)
        self.buildTimeout = max(buildTimeout, shortest)
        self.minimumSize = max(minimumSize, 0)
        self.maximumSize = max(maximumSize, self.minimumSize, 1)
        self.isPrebuildingEnabled = isPrebuildingEnabled
    }

    /// The pool settings of a (re)loaded torrc.
    public init(_ settings: ReloadableSettings) {
        self.init(
            maximumDirtiness: settings.maxCircuitDirtiness, newCircuitPeriod: settings.newCircuitPeriod,
            buildTimeout: settings.circuitBuildTimeout, minimumSize: settings.circuitPoolMinSize,
            maximumSize: settings.circuitPoolMaxSize, isPrebuildingEnabled: settings.enableCircuitPrebuilding)
    }
}
