import SocksServer
import TorCore
@testable import TorClient

/// Instants and keys for the pool's unit tests: time is whatever the test says.
enum PoolTest {
    /// The instant `seconds` after the origin.
    static func at(_ seconds: Double) -> ResilienceInstant {
        ResilienceInstant(offset: .milliseconds(Int64(seconds * 1000)))
    }

    /// A key differing from others only by its SOCKS username (IsolateSOCKSAuth, the default).
    static func key(_ user: String = "", group: SessionGroup = .listener(0)) -> StreamIsolationKey {
        StreamIsolationKey(
            rules: IsolationRules(), sessionGroup: group, socksVersion: .socks5,
            username: Array(user.utf8), password: [], destinationHost: "127.0.0.1",
            destinationPort: 80, clientAddress: "127.0.0.1", clientPort: 50000)
    }

    /// An exit that allows every port.
    static let anyPort: @Sendable (UInt16) -> Bool = { _ in true }

    /// An exit that allows only `ports`.
    static func only(_ ports: Set<UInt16>) -> @Sendable (UInt16) -> Bool { { ports.contains($0) } }

    /// Settings with prebuilding off unless asked, a 10-minute dirtiness, 30 s period, 60 s timeout.
    static func settings(
        minimum: Int = 0, maximum: Int = 12, prebuilding: Bool = false, dirtiness: Double = 600,
        period: Double = 30, timeout: Double = 60
    ) -> CircuitPoolSettings {
        CircuitPoolSettings(
            maximumDirtiness: .milliseconds(Int64(dirtiness * 1000)), newCircuitPeriod: .milliseconds(Int64(period * 1000)),
            buildTimeout: .milliseconds(Int64(timeout * 1000)), minimumSize: minimum, maximumSize: maximum,
            isPrebuildingEnabled: prebuilding)
    }

    /// The circuits the actions launch, with their ports.
    static func launches(_ actions: [CircuitPoolAction]) -> [(CircuitPoolID, UInt16?)] {
        actions.compactMap { if case .launch(let id, let port) = $0 { (id, port) } else { nil } }
    }

    static func launchedIDs(_ actions: [CircuitPoolAction]) -> [CircuitPoolID] { launches(actions).map(\.0) }

    static func id(_ number: UInt32) -> CircuitPoolID { CircuitPoolID(rawValue: number) }
}

extension CircuitPoolStateMachine {
    /// Launches and completes one prebuild-free demand circuit to `port` allowing `exit`,
    /// attaching the request that asked for it; returns the circuit and the request's outcome.
    mutating func openCircuit(
        port: UInt16, key: StreamIsolationKey, exit: @escaping @Sendable (UInt16) -> Bool = PoolTest.anyPort,
        at now: ResilienceInstant
    ) -> CircuitPoolID? {
        let (outcome, actions) = requestStream(port: port, isolation: key, now: now)
        guard case .waiting(let request) = outcome, let id = PoolTest.launchedIDs(actions).first else { return nil }
        let done = buildSucceeded(id, exitAllows: exit, now: now)
        return done.contains(.attach(request, id)) ? id : nil
    }
}
