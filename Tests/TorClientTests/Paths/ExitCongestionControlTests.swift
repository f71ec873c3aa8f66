import Circuit
import Directory
import Testing
import TorCore
@testable import TorClient

/// Which exits a circuit asks for congestion control (prop 324 10.1): only with a nonzero
/// cc_alg, FlowCtrl=2 and Relay=4 (ntor v3) in the exit's protocols, and an Ed25519 identity.
@Suite struct ExitCongestionControlTests {
    static func exit(protocols: String?, ed25519: Bool = true) -> Relay {
        Relay(
            nickname: "exit", rsaIdentity: RelayFingerprint(hex: String(repeating: "A", count: 40))!,
            ed25519Identity: ed25519 ? [UInt8](repeating: 7, count: 32) : nil,
            address: IPv4Address(127, 0, 0, 1), orPort: 5000, flags: [.exit], bandwidth: nil,
            ntorOnionKey: [UInt8](repeating: 9, count: 32),
            protocols: protocols.map { ProtocolVersions(arguments: $0.split(separator: " ").map(String.init))! })
    }

    /// The protocols a tor 0.4.9 relay of the private network lists.
    static let current = "Cons=2 Desc=2-3 FlowCtrl=1-2 HSDir=2 HSIntro=4-5 HSRend=1-2 Link=4-5 Microdesc=2 Relay=2-4"

    @Test func anExitOfferingFlowCtrlTwoAndRelayFourIsAsked() throws {
        let target = try RelayTarget(exit: Self.exit(protocols: Self.current), congestionControl: CongestionControlParameters())
        #expect(target.congestionControl == CongestionControlParameters())
    }

    @Test func noRequestWhenTheConsensusTurnsItOff() throws {
        let off = CongestionControlParameters(consensus: ["cc_alg": 0])
        #expect(try RelayTarget(exit: Self.exit(protocols: Self.current), congestionControl: off).congestionControl == nil)
    }

    @Test func noRequestWithoutFlowCtrlTwo() throws {
        let relay = Self.exit(protocols: "FlowCtrl=1 Link=4-5 Relay=2-4")
        #expect(try RelayTarget(exit: relay, congestionControl: CongestionControlParameters()).congestionControl == nil)
    }

    @Test func noRequestWithoutNtorV3() throws {
        let relay = Self.exit(protocols: "FlowCtrl=1-2 Link=4-5 Relay=2-3")
        #expect(try RelayTarget(exit: relay, congestionControl: CongestionControlParameters()).congestionControl == nil)
    }

    @Test func noRequestWithoutProtocolsOrAnEd25519Identity() throws {
        #expect(try RelayTarget(exit: Self.exit(protocols: nil), congestionControl: CongestionControlParameters()).congestionControl == nil)
        let anonymous = Self.exit(protocols: Self.current, ed25519: false)
        #expect(try RelayTarget(exit: anonymous, congestionControl: CongestionControlParameters()).congestionControl == nil)
    }
}
