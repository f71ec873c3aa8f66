/// The guard algorithm's tunables (guard-spec A.1), read from consensus parameters with
/// param-spec.txt's names, defaults and ranges. Durations are in seconds.
public struct GuardParameters: Sendable, Equatable {
    /// Seconds in a day, for the parameters given in days.
    static let day: Int64 = 86_400

    /// {MIN_FILTERED_SAMPLE}, "guard-min-filtered-sample-size": default 20.
    public var minimumFilteredSampleSize: Int
    /// {MAX_SAMPLE_SIZE}, "guard-max-sample-size": default 60.
    public var maximumSampleSize: Int
    /// {MAX_SAMPLE_THRESHOLD}, "guard-max-sample-threshold-percent": default 20 (of the guards).
    public var maximumSampleThresholdPercent: Int
    /// {GUARD_LIFETIME}, "guard-lifetime-days": default 120 days.
    public var guardLifetime: Int64
    /// {GUARD_CONFIRMED_MIN_LIFETIME}, "guard-confirmed-min-lifetime-days": default 60 days.
    public var confirmedMinimumLifetime: Int64
    /// {REMOVE_UNLISTED_GUARDS_AFTER}, "guard-remove-unlisted-guards-after-days": default 20 days.
    public var removeUnlistedGuardsAfter: Int64
    /// {N_PRIMARY_GUARDS}, "guard-n-primary-guards": default 3.
    public var primaryGuardCount: Int
    /// {NUM_USABLE_PRIMARY_GUARDS}, "guard-n-primary-guards-to-use": default 1.
    public var usablePrimaryGuardCount: Int
    /// {NUM_USABLE_PRIMARY_DIRECTORY_GUARDS}, "guard-n-primary-dir-guards-to-use": default 3.
    public var usablePrimaryDirectoryGuardCount: Int
    /// {INTERNET_LIKELY_DOWN_INTERVAL}, "guard-internet-likely-down-interval": default 600 s.
    public var internetLikelyDownInterval: Int64
    /// {NONPRIMARY_GUARD_CONNECT_TIMEOUT}, "guard-nonprimary-guard-connect-timeout": default 15 s.
    public var nonprimaryGuardConnectTimeout: Int64
    /// {NONPRIMARY_GUARD_IDLE_TIMEOUT}, "guard-nonprimary-guard-idle-timeout": default 600 s.
    public var nonprimaryGuardIdleTimeout: Int64

    /// The defaults of param-spec.txt.
    public init() {
        minimumFilteredSampleSize = 20
        maximumSampleSize = 60
        maximumSampleThresholdPercent = 20
        guardLifetime = 120 * Self.day
        confirmedMinimumLifetime = 60 * Self.day
        removeUnlistedGuardsAfter = 20 * Self.day
        primaryGuardCount = 3
        usablePrimaryGuardCount = 1
        usablePrimaryDirectoryGuardCount = 3
        internetLikelyDownInterval = 600
        nonprimaryGuardConnectTimeout = 15
        nonprimaryGuardIdleTimeout = 600
    }

    /// The parameters a consensus sets, each clamped to param-spec's range.
    public init(view: NetworkView) {
        func count(_ name: String, _ defaultValue: Int32, maximum: Int32 = .max) -> Int {
            Int(view.parameter(name, default: defaultValue, minimum: 1, maximum: maximum))
        }
        func days(_ name: String, _ defaultValue: Int32) -> Int64 {
            Int64(view.parameter(name, default: defaultValue, minimum: 1, maximum: 3650)) * Self.day
        }
        func seconds(_ name: String, _ defaultValue: Int32) -> Int64 {
            Int64(view.parameter(name, default: defaultValue, minimum: 1, maximum: .max))
        }
        minimumFilteredSampleSize = count("guard-min-filtered-sample-size", 20)
        maximumSampleSize = count("guard-max-sample-size", 60)
        maximumSampleThresholdPercent = count("guard-max-sample-threshold-percent", 20, maximum: 100)
        guardLifetime = days("guard-lifetime-days", 120)
        confirmedMinimumLifetime = days("guard-confirmed-min-lifetime-days", 60)
        removeUnlistedGuardsAfter = days("guard-remove-unlisted-guards-after-days", 20)
        primaryGuardCount = count("guard-n-primary-guards", 3)
        usablePrimaryGuardCount = count("guard-n-primary-guards-to-use", 1)
        usablePrimaryDirectoryGuardCount = count("guard-n-primary-dir-guards-to-use", 3)
        internetLikelyDownInterval = seconds("guard-internet-likely-down-interval", 600)
        nonprimaryGuardConnectTimeout = seconds("guard-nonprimary-guard-connect-timeout", 15)
        nonprimaryGuardIdleTimeout = seconds("guard-nonprimary-guard-idle-timeout", 600)
    }

    /// The largest sample for a network with `guardCount` guards (guard-spec 4.1): at most
    /// the threshold share of the guards and at most the maximum size, but never below the
    /// minimum filtered sample size.
    public func maximumSample(guardCount: Int) -> Int {
        let byShare = guardCount * maximumSampleThresholdPercent / 100
        return max(min(byShare, maximumSampleSize), minimumFilteredSampleSize)
    }
}

extension RouterFlags {
    /// True for a member of guard-spec's {GUARDS} (4.0): Guard, Stable, Fast and V2Dir, so
    /// every guard serves every kind of circuit and directory request, and Running and Valid.
    public var isPossibleGuard: Bool { hasAll(.possibleGuard) }
}
