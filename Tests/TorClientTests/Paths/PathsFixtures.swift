import Directory
import TorCore

/// Synthetic relays and views for the path tests: each relay numbered, in its own /16 unless
/// told otherwise, with keys of repeated bytes so different numbers never collide.
enum PathsFixtures {
    static let circuitFlags: RouterFlags = [.running, .valid, .fast, .stable, .v2Dir]
    static let guardFlags: RouterFlags = circuitFlags.union(.guardFlag)
    static let exitFlags: RouterFlags = circuitFlags.union(.exit)

    static func relay(
        _ number: Int, flags: RouterFlags = circuitFlags, bandwidth: UInt32 = 1000,
        family: Set<RelayFingerprint> = [], ports: [ClosedRange<UInt16>]? = nil
    ) -> Relay {
        Relay(
            nickname: "relay\(number)", rsaIdentity: fingerprint(number),
            ed25519Identity: [UInt8](repeating: UInt8(number), count: 32),
            address: IPv4Address(UInt8(10 + number), 1, 0, 1), orPort: 9001, flags: flags, bandwidth: bandwidth,
            ntorOnionKey: [UInt8](repeating: UInt8(number), count: 32), family: family,
            exitPolicy: ports.map { PortPolicySummary(action: .accept, ranges: $0) }
                ?? (flags.contains(.exit) ? PortPolicySummary(action: .accept, ranges: [1...65535]) : .rejectAll))
    }

    static func fingerprint(_ number: Int) -> RelayFingerprint {
        let byte = String(UInt8(number), radix: 16, uppercase: true)
        return RelayFingerprint(hex: String(repeating: byte.count == 1 ? "0" + byte : byte, count: 20))!
    }

    static func view(_ relays: [Relay]) -> NetworkView {
        NetworkView(
            relays: relays, bandwidthWeights: .unweighted,
            validAfter: 1_700_000_000, freshUntil: 1_700_003_600, validUntil: 1_700_010_800)
    }

    static func selector(_ relays: [Relay]) -> PathSelector {
        PathSelector(view: view(relays), restrictions: PathRestrictions(enforceDistinctSubnets: true))
    }
}

/// SplitMix64: a seeded generator, so every run draws the same paths.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
