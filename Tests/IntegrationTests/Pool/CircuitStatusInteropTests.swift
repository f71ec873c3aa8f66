import Foundation
import Testing
import TorClient
import TorCore

/// Our GETINFO circuit-status line for a pooled circuit has the shape a real tor 0.4.9
/// client gives its general-purpose exit circuits on the same network.
@Suite(.timeLimit(.minutes(5)))
struct CircuitStatusInteropTests {
    /// The line with values replaced by their kind: `ID BUILT PATH3 BUILD_FLAGS=NEED_CAPACITY
    /// PURPOSE=GENERAL TIME_CREATED=ISOTIME`.
    static func shape(_ line: Substring) -> [String] {
        let longName = #"\$[0-9A-F]{40}~[A-Za-z0-9]{1,19}"#
        let path = try! Regex("^\(longName),\(longName),\(longName)$")
        let isoTime = try! Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$"#)
        return line.split(separator: " ").map { word in
            if word.allSatisfy(\.isNumber) { return "ID" }
            if word.wholeMatch(of: path) != nil { return "PATH3" }
            if word.hasPrefix("TIME_CREATED=") {
                return word.dropFirst("TIME_CREATED=".count).wholeMatch(of: isoTime) != nil ? "TIME_CREATED=ISOTIME" : String(word)
            }
            return String(word)
        }
    }

    @Test func ourLineHasTheShapeOfTorsForAGeneralExitCircuit() async throws {
        let network = try await TestNetwork.shared()
        let tor = try TorControlProcess(network: network)
        defer { tor.stop() }
        var torLine: Substring?
        let deadline = ContinuousClock.now + .seconds(120)
        while torLine == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            guard let reply = try? tor.exchange("GETINFO circuit-status", wait: .milliseconds(600)) else { continue }
            torLine = reply.split(separator: "\r\n").first { line in
                line.contains(" BUILT ") && line.contains("PURPOSE=GENERAL") && !line.contains("IS_INTERNAL")
                    && !line.contains("ONEHOP_TUNNEL")
            }
        }
        let reference = try #require(torLine, "tor built no general-purpose exit circuit in time")

        let source = try await PoolTestCircuitSource.make()
        defer { Task { await source.channels.closeAll() } }
        let pool = CircuitPool(
            settings: CircuitPoolSettings(minimumSize: 0, isPrebuildingEnabled: false), source: source)
        let key = StreamIsolationKey(
            rules: IsolationRules(), sessionGroup: .listener(0), socksVersion: .socks5, username: nil,
            password: nil, destinationHost: "127.0.0.1", destinationPort: 80, clientAddress: "127.0.0.1",
            clientPort: 1)
        let circuit = try await pool.circuit(forPort: UInt16(network.http.port), isolation: key, timeout: .seconds(60))
        let ours = try #require(await pool.snapshot().first { $0.id == circuit.id }).controlStatusLine
        #expect(Self.shape(ours[...]) == Self.shape(reference), "tor: \(reference)\nours: \(ours)")
        #expect(Self.shape(ours[...]) == ["ID", "BUILT", "PATH3", "BUILD_FLAGS=NEED_CAPACITY", "PURPOSE=GENERAL", "TIME_CREATED=ISOTIME"])
        await pool.shutdown()
    }
}
