import Directory
import TorCore

/// The relays one circuit may be built through: a guard, then the middles and the exits the
/// builder tries in order (path-spec 2.4: a failed hop is retried through another relay).
///
/// Invariant: no two relays that could end up on one circuit conflict under the selector's
/// ``PathRestrictions``. The first exit is chosen first and every middle avoids it; every other
/// exit avoids all the middles; all of them avoid the guard. So whichever middle and exit the
/// builder settles on, the path obeys path-spec 2.2.
public struct CircuitPathPlan: Sendable {
    /// The first hop, as the guard manager chose it.
    public let entry: Relay
    /// Middle relays, preferred first.
    public let middles: [Relay]
    /// Exits (or, for an internal circuit, last hops), preferred first.
    public let exits: [Relay]

    /// How many relays each of the middle and exit positions offers the builder: the first
    /// choice and alternates for retries, as many as ``CircuitBuilder``'s default of 4
    /// attempts can use.
    public static let candidatesPerPosition = 4

    /// The ports a circuit built ahead of demand (no port known) should allow at its exit:
    /// HTTPS and HTTP, which carry most streams.
    public static let predictedPorts: [UInt16] = [443, 80]

    /// A plan from explicit relays.
    public init(entry: Relay, middles: [Relay], exits: [Relay]) {
        self.entry = entry
        self.middles = middles
        self.exits = exits
    }

    /// The exit for a stream to `port` (path-spec 2.2.1); without a port, an exit allowing
    /// every port of ``predictedPorts`` when one exists, else one allowing any of them.
    ///
    /// - Throws: the selector's `dir.path.no-exit-for-port` or `dir.path.no-relay`.
    public static func chooseExit(
        forPort port: UInt16?, selector: PathSelector, excluding others: [Relay] = [],
        using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> Relay {
        if let port {
            return try selector.selectExit(forPort: port, excluding: others, using: &generator)
        }
        var allPorts = selector
        let usable = selector.isUsable
        let rest = predictedPorts.dropFirst()
        allPorts.isUsable = { relay in usable(relay) && rest.allSatisfy(relay.allowsExit(toPort:)) }
        if let exit = try? allPorts.selectExit(forPort: predictedPorts[0], excluding: others, using: &generator) {
            return exit
        }
        var lastError: DirectoryError?
        for predicted in predictedPorts {
            do {
                return try selector.selectExit(forPort: predicted, excluding: others, using: &generator)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    /// Chooses middles and further exits around `entry` and `exit` (already chosen, in that
    /// order of precedence: path-spec 2.2 picks the exit, then the guard avoiding it).
    /// Middles need Stable when the port is long-lived, as the exit does.
    ///
    /// - Throws: `dir.path.no-relay` when not even one middle is left.
    public static func plan(
        entry: Relay, exit: Relay, exitPort: UInt16?, selector: PathSelector,
        using generator: inout some RandomNumberGenerator
    ) throws(DirectoryError) -> CircuitPathPlan {
        let needsStable = exitPort.map { selector.longLivedPorts.contains($0) } ?? false
        var middles: [Relay] = []
        while middles.count < candidatesPerPosition {
            do {
                middles.append(try selector.selectMiddle(
                    excluding: [entry, exit] + middles, needsStable: needsStable, using: &generator))
            } catch {
                if middles.isEmpty { throw error }
                break
            }
        }
        var exits = [exit]
        while exits.count < candidatesPerPosition {
            guard let next = try? chooseExit(
                forPort: exitPort, selector: selector, excluding: [entry] + middles + exits, using: &generator)
            else { break }
            exits.append(next)
        }
        return CircuitPathPlan(entry: entry, middles: middles, exits: exits)
    }

    /// Every relay of the plan by its breaker key, to map a built circuit's hops back to the
    /// view's relays.
    public var relaysByKey: [String: Relay] {
        Dictionary(([entry] + middles + exits).map { ($0.breakerKey, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
