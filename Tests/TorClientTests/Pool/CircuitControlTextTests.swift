import Directory
import Foundation
import Testing
import TorCore
@testable import TorClient

/// The control port's lines for pooled circuits, compared with control-spec.txt §4.1.1's syntax.
@Suite struct CircuitControlTextTests {
    static func relay(_ nickname: String, _ digit: Character) -> Relay {
        Relay(
            nickname: nickname, rsaIdentity: RelayFingerprint(hex: String(repeating: digit, count: 40))!,
            address: IPv4Address(127, 0, 0, 1), orPort: 5000, flags: [.exit], bandwidth: nil,
            ntorOnionKey: [UInt8](repeating: 0, count: 32))
    }

    /// 2026-11-23 05:17:31.25 UTC.
    static let created = Date(timeIntervalSince1970: 1_795_411_051.25)

    @Test func aBuiltCircuitListsItsPathFlagsPurposeTimeAndCredentials() {
        let isolation = StreamIsolationKey(
            rules: IsolationRules(), sessionGroup: .listener(0), socksVersion: .socks5,
            username: Array("al\"ice".utf8), password: Array("pw".utf8), destinationHost: "example.com",
            destinationPort: 443, clientAddress: "127.0.0.1", clientPort: 1)
        let entry = CircuitPoolEntry(
            id: CircuitPoolID(rawValue: 12), status: .built,
            relays: [Self.relay("guard", "A"), Self.relay("middle", "B"), Self.relay("exit", "C")],
            launchedAt: .origin, timeCreated: Self.created, isDirty: true, isRetired: false,
            isolation: isolation, streamCount: 1, targetPort: 443)
        let a = String(repeating: "A", count: 40), b = String(repeating: "B", count: 40), c = String(repeating: "C", count: 40)
        #expect(entry.controlStatusLine == "12 BUILT $\(a)~guard,$\(b)~middle,$\(c)~exit BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=2026-11-23T05:17:31.250000 SOCKS_USERNAME=\"al\\\"ice\" SOCKS_PASSWORD=\"pw\"")
    }

    @Test func aLaunchedCircuitHasNoPathAndAFailedOneItsReason() {
        let launched = CircuitPoolEvent(
            id: CircuitPoolID(rawValue: 3), status: .launched, relays: [], timeCreated: Self.created, reason: nil)
        #expect(launched.controlEventBody == "3 LAUNCHED BUILD_FLAGS=NEED_CAPACITY PURPOSE=GENERAL TIME_CREATED=2026-11-23T05:17:31.250000")
        let failed = CircuitPoolEvent(
            id: CircuitPoolID(rawValue: 3), status: .failed, relays: [], timeCreated: Self.created, reason: .timeout)
        #expect(failed.controlEventBody.hasSuffix(" TIME_CREATED=2026-11-23T05:17:31.250000 REASON=TIMEOUT"))
    }

    @Test func timesAreUTCWithSixFractionDigits() {
        #expect(CircuitControlText.isoTime(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000")
        #expect(CircuitControlText.isoTime(Date(timeIntervalSince1970: 951_782_400.031_25)) == "2000-02-29T00:00:00.031250")
    }
}
