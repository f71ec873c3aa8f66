import Testing
import TorCore
@testable import Directory

/// EntryNodes, MiddleNodes, ExitNodes, ExcludeNodes and ExcludeExitNodes applied by the path
/// selector and the guard state machine, on synthetic relays: guards 1–6, middles 7–9 and
/// exits 10–12.
@Suite("Node selection options in path choice")
struct NodeFilterTests {
    static let guardFlags: RouterFlags = NetworkFixtures.circuitFlags.union(.guardFlag)
    static let exitFlags: RouterFlags = NetworkFixtures.circuitFlags.union(.exit)
    static let relays = (1...6).map { NetworkFixtures.relay($0, flags: guardFlags) }
        + (7...9).map { NetworkFixtures.relay($0, flags: NetworkFixtures.circuitFlags) }
        + (10...12).map { NetworkFixtures.relay($0, flags: exitFlags) }
    static let view = NetworkFixtures.syntheticView(relays)

    /// A selection from torrc lines.
    static func selection(_ text: String) throws -> NodeSelection {
        try TorConfiguration.parse(text: text, fileName: "torrc", homeDirectory: "/home/tester").0.nodes
    }

    /// The hops of 300 paths by position, as relay numbers.
    static func paths(_ text: String, seed: UInt64 = 1) throws -> (guards: Set<String>, middles: Set<String>, exits: Set<String>) {
        var selector = PathSelector(view: view, restrictions: PathRestrictions(enforceDistinctSubnets: true))
        selector.nodeFilter = NodeFilter(try selection(text))
        var generator = SeededGenerator(seed: seed)
        var hops: [Set<String>] = [[], [], []]
        for _ in 0..<300 {
            let path = try selector.selectPath(exitPort: 443, guard: nil, using: &generator)
            for (position, relay) in path.enumerated() { hops[position].insert(relay.nickname) }
        }
        return (hops[0], hops[1], hops[2])
    }

    @Test func withoutOptionsEveryPositionVaries() throws {
        let (_, _, exits) = try Self.paths("")
        #expect(exits == ["relay10", "relay11", "relay12"], "the baseline the other tests narrow")
    }

    @Test func exitNodesByFingerprintAndNicknameAreTheOnlyExits() throws {
        let eleven = NetworkFixtures.fingerprint(11)
        #expect(try Self.paths("ExitNodes $\(eleven)").exits == ["relay11"])
        #expect(try Self.paths("ExitNodes relay10, RELAY12").exits == ["relay10", "relay12"])
        // An exit-only list names no middle, so middles are unaffected.
        #expect(try Self.paths("ExitNodes relay10").middles.count > 3)
    }

    @Test func excludeNodesWinsOverEveryPositionAndOverExitNodes() throws {
        let paths = try Self.paths("ExcludeNodes relay1, relay7, 10.11.0.0/16\nExitNodes relay11, relay12")
        #expect(paths.exits == ["relay12"], "relay11's address is excluded, and ExcludeNodes overrides ExitNodes")
        #expect(!paths.guards.contains("relay1") && !paths.middles.contains("relay1"))
        #expect(!paths.middles.contains("relay7") && !paths.guards.contains("relay7"))
    }

    @Test func entryMiddleAndExcludeExitNodesHoldTheirPositions() throws {
        let paths = try Self.paths("EntryNodes relay2\nMiddleNodes relay8\nExcludeExitNodes relay10")
        #expect(paths.guards == ["relay2"])
        #expect(paths.middles == ["relay8"])
        #expect(paths.exits == ["relay11", "relay12"])
    }

    @Test func anExitListNamingNoExitSaysWhichOptionsToChange() throws {
        var selector = PathSelector(view: Self.view, restrictions: PathRestrictions(enforceDistinctSubnets: true))
        selector.nodeFilter = NodeFilter(try Self.selection("ExitNodes relay7, {de}"))
        var generator = SeededGenerator(seed: 1)
        let error = try #require(throws: DirectoryError.self) { try selector.selectExit(forPort: 443, using: &generator) }
        #expect(error.code == .pathNoRelay && error.kind == .badInput)
        #expect(error.reason.contains("all 3 relays with the flags it needs are left out by ExitNodes, ExcludeExitNodes or ExcludeNodes"),
                "\(error.reason)")
    }

    @Test func guardsFollowEntryNodesAndExcludeNodesAndChangeWithThem() throws {
        var generator = SeededGenerator(seed: 3)
        var machine = GuardStateMachine()
        machine.update(view: Self.view, now: Fixtures.now, using: &generator)
        let restrictions = PathRestrictions(enforceDistinctSubnets: true)
        func guards() throws -> Set<String> {
            var chosen: Set<String> = []
            for _ in 0..<50 {
                let selection = try machine.chooseGuard(for: .circuit, restrictions: restrictions, now: Fixtures.now, using: &generator)
                chosen.insert(try #require(Self.view.relay(rsaIdentity: selection.identity)).nickname)
            }
            return chosen
        }
        #expect(machine.primaryGuards.count == 3)
        #expect(try guards().isSubset(of: Set(machine.primaryGuards.compactMap { Self.view.relay(rsaIdentity: $0)?.nickname })))
        machine.setNodeFilter(NodeFilter(try Self.selection("EntryNodes relay5")), now: Fixtures.now, using: &generator)
        #expect(machine.primaryGuards == [NetworkFixtures.fingerprint(5)])
        #expect(try guards() == ["relay5"])
        machine.setNodeFilter(NodeFilter(try Self.selection("ExcludeNodes relay1, relay2, relay3, relay4")), now: Fixtures.now, using: &generator)
        #expect(try guards().isSubset(of: ["relay5", "relay6"]))
        machine.setNodeFilter(NodeFilter(try Self.selection("EntryNodes relay9")), now: Fixtures.now, using: &generator)
        let error = try #require(throws: DirectoryError.self) {
            try machine.chooseGuard(for: .circuit, restrictions: restrictions, now: Fixtures.now, using: &generator)
        }
        #expect(error.reason.contains("list more guards in EntryNodes"), "\(error.reason)")
    }
}
