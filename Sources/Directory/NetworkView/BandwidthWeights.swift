/// Where on a path a relay is being chosen for; each position has its own column of
/// bandwidth weights (path-spec 2.2, dir-spec 3.8.3).
public enum PathPosition: Sendable, Hashable, CaseIterable {
    /// The first hop, the guard: weights Wgg, Wgm, Wgd (there is no weight for an Exit-only
    /// relay here, so such a relay weighs nothing).
    case entry
    /// A middle hop, or the last hop of an internal circuit: Wmg, Wmm, Wme, Wmd.
    case middle
    /// The exit: Weg, Wem, Wee, Wed.
    case exit
    /// A one-hop BEGIN_DIR fetch: Wbg, Wbm, Wbe, Wbd.
    case directory
}

/// The consensus "bandwidth-weights" (dir-spec 3.4.1, computed as in dir-spec 3.8.3) with the
/// weight scale, and the weight of one relay for one position.
///
/// Invariant: every stored weight lies in `0...scale`; a weight that is absent, negative or
/// above the scale is malformed and reads as `scale` (path-spec 2.2: "clients proceed ...
/// setting the weights to the default value").
public struct BandwidthWeights: Sendable, Equatable {
    /// The scale when the consensus has no "bwweightscale" parameter (dir-spec 3.8.3).
    public static let defaultScale: Int32 = 10_000

    /// What a weight of 1.0 is written as: "bwweightscale" (at least 1), else 10000.
    public let scale: UInt64
    private let values: [String: UInt64]

    /// Weights from a consensus's "bandwidth-weights" and its "bwweightscale" parameter.
    public init(weights: [String: Int32], scaleParameter: Int32? = nil) {
        let scale = UInt64(max(scaleParameter ?? Self.defaultScale, 1))
        self.scale = scale
        values = weights.compactMapValues { value in
            value >= 0 && UInt64(value) <= scale ? UInt64(value) : nil
        }
    }

    /// Every weight 1.0: plain bandwidth weighting, as when a consensus has no weights.
    public static let unweighted = BandwidthWeights(weights: [:])

    /// The weight called `name` (such as "Wgg"), or `scale` when it is absent or malformed.
    public subscript(name: String) -> UInt64 { values[name] ?? scale }

    /// How much `relay`-like entry (its consensus `bandwidth` and `flags`) weighs for `position`.
    ///
    /// The result is bandwidth x Wxy x Wyb / scale, in units of bandwidth/scale: Wxy is the
    /// position's weight for the relay's class (Guard, Exit without BadExit, both, neither), and
    /// Wyb the extra weight of a V2Dir relay in a circuit position (Wgb, Wmb, Web, Wdb). Products
    /// stay exact in integers: bandwidth < 2^32 and each weight <= scale < 2^31.
    public func weight(bandwidth: UInt32?, flags: RouterFlags, position: PathPosition) -> UInt64 {
        let isGuard = flags.contains(.guardFlag)
        let isExit = flags.contains(.exit) && !flags.contains(.badExit)
        let names = Self.names(position: position, isGuard: isGuard, isExit: isExit)
        guard let positionName = names.position else { return 0 }
        let product = UInt64(bandwidth ?? 0) * self[positionName]
        guard position != .directory, flags.contains(.v2Dir) else { return product }
        let directoryWeight = self[names.directory]
        guard directoryWeight != scale else { return product }
        // directoryWeight <= scale, so the quotient is at most `product` and fits.
        return scale.dividingFullWidth(product.multipliedFullWidth(by: directoryWeight)).quotient
    }

    /// The weight names for a relay class in a position (dir-spec 3.4.1 "bandwidth-weights").
    private static func names(
        position: PathPosition, isGuard: Bool, isExit: Bool
    ) -> (position: String?, directory: String) {
        let directory = isGuard ? (isExit ? "Wdb" : "Wgb") : (isExit ? "Web" : "Wmb")
        let row: (guardOnly: String?, neither: String?, exitOnly: String?, both: String?)
        switch position {
        case .entry: row = ("Wgg", "Wgm", nil, "Wgd")
        case .middle: row = ("Wmg", "Wmm", "Wme", "Wmd")
        case .exit: row = ("Weg", "Wem", "Wee", "Wed")
        case .directory: row = ("Wbg", "Wbm", "Wbe", "Wbd")
        }
        switch (isGuard, isExit) {
        case (true, true): return (row.both, directory)
        case (true, false): return (row.guardOnly, directory)
        case (false, true): return (row.exitOnly, directory)
        case (false, false): return (row.neither, directory)
        }
    }
}
