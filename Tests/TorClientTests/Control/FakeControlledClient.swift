import ControlPort
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import TorClient
import TorCore

/// A ``ControlledClient`` with fixed, known state that records what it was asked (test code
/// only): the backend, stem and torctl are checked against these exact values.
final class FakeControlledClient: ControlledClient {
    struct State {
        var bootstrap = ControlledBootstrapStatus(progress: 50, tag: "loading_descriptors", summary: "Loading relay descriptors")
        var circuits: [ControlledCircuit] = [
            ControlledCircuit(
                id: "1", status: "BUILT",
                path: [
                    ControlledRelay(fingerprint: String(repeating: "A", count: 40), nickname: "guard1"),
                    ControlledRelay(fingerprint: String(repeating: "B", count: 40), nickname: "middle1"),
                    ControlledRelay(fingerprint: String(repeating: "C", count: 40), nickname: "exit1"),
                ],
                timeCreated: Date(timeIntervalSince1970: 1_795_406_400)),
            ControlledCircuit(id: "2", status: "LAUNCHED", path: [], timeCreated: Date(timeIntervalSince1970: 1_795_406_401)),
        ]
        var streams = [ControlledStream(id: "5", status: "SUCCEEDED", circuitID: "1", targetHost: "example.com", targetPort: 443)]
        var torrc = ControlledTorrcStatus.accepted
        var options: [String: [String]] = ["MaxCircuitDirtiness": ["600"], "SocksPort": ["127.0.0.1:9050"], "ExitNodes": []]
        var reloads = 0
        var newIdentities = 0
        var shutdowns: [Bool] = []
        var saves: [Bool] = []
        /// Readings `traffic()` returns first, one per call, before the fixed totals.
        var trafficReadings: [ControlledTraffic] = []
        var directory: ControlledDirectory?
        var handledSignals: [ControlSignal] = []
        var commands: [ControlClientCommand] = []
        var ownerDisconnections = 0
    }

    let state = NIOLockedValueBox(State())
    let version = "0.4.9.11 (torswift-0.1.0-dev)"

    func uptime() async -> Duration { .seconds(3723) }
    func bootstrapStatus() async -> ControlledBootstrapStatus { state.withLockedValue { $0.bootstrap } }
    func circuits() async -> [ControlledCircuit] { state.withLockedValue { $0.circuits } }
    func streams() async -> [ControlledStream] { state.withLockedValue { $0.streams } }
    func socksListeners() async -> [String] { ["127.0.0.1:9050"] }
    func configurationFilePath() async -> String { "/etc/tor/torrc" }
    func traffic() async -> ControlledTraffic {
        state.withLockedValue { state in
            state.trafficReadings.isEmpty ? ControlledTraffic(read: 2048, written: 1_572_864) : state.trafficReadings.removeFirst()
        }
    }
    func breakers() async -> [ControlledBreaker] {
        [ControlledBreaker(name: "guard-fetch", state: .closed, consecutiveFailures: 0),
         ControlledBreaker(name: "exit1", state: .open, consecutiveFailures: 5)]
    }
    func torrcStatus() async -> ControlledTorrcStatus { state.withLockedValue { $0.torrc } }

    func configurationValues(named name: String) async -> ControlledOption? {
        state.withLockedValue { state in
            guard let canonical = state.options.keys.first(where: { $0.lowercased() == name.lowercased() }) else { return nil }
            return ControlledOption(name: canonical, values: state.options[canonical]!)
        }
    }

    func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws {
        try state.withLockedValue { state in
            var options = state.options
            for change in changes {
                guard let name = options.keys.first(where: { $0.lowercased() == change.name.lowercased() }) else {
                    throw TorClientError(.controlUnknownOption, kind: .badInput, "Unknown option \"\(change.name)\"")
                }
                switch change.operation {
                case .set(let value):
                    if name == "MaxCircuitDirtiness", Int(value) == nil {
                        throw TorClientError(.controlInvalidValue, kind: .badInput, "MaxCircuitDirtiness must be a number of seconds")
                    }
                    options[name] = [value]
                case .clear, .reset: options[name] = []
                }
            }
            state.options = options
        }
    }

    func saveConfiguration(force: Bool) async throws { state.withLockedValue { $0.saves.append(force) } }
    func reload() async { state.withLockedValue { $0.reloads += 1 } }
    func newIdentity() async { state.withLockedValue { $0.newIdentities += 1 } }
    func shutdown(immediately: Bool) async { state.withLockedValue { $0.shutdowns.append(immediately) } }

    func controlListeners() async -> [String] { ["127.0.0.1:9051"] }
    func configurationText() async -> String { "SocksPort 127.0.0.1:9050\nMaxCircuitDirtiness 600" }
    func directory() async -> ControlledDirectory? { state.withLockedValue { $0.directory } }
    func addressMappings() async -> (configuration: [String], controller: [String]) {
        (["from-torrc.test web.test NEVER"], [])
    }

    func entryGuards() async -> [ControlledGuard] {
        [ControlledGuard(relay: ControlledRelay(fingerprint: String(repeating: "A", count: 40), nickname: "guard1"), status: "up"),
         ControlledGuard(relay: ControlledRelay(fingerprint: String(repeating: "D", count: 40), nickname: "guard2"), status: "never-connected")]
    }
    func relayChannels() async -> [ControlledChannel] {
        [ControlledChannel(id: 3, relay: ControlledRelay(fingerprint: String(repeating: "A", count: 40), nickname: "guard1"), status: "CONNECTED")]
    }
    func isNetworkLive() async -> Bool { true }
    func handleSignal(_ signal: ControlSignal) async { state.withLockedValue { $0.handledSignals.append(signal) } }
    func perform(_ command: ControlClientCommand) async throws -> String? {
        try state.withLockedValue { state in
            state.commands.append(command)
            switch command {
            case .extendCircuit(let id, _, _):
                guard id == "0" else { throw TorClientError(.controlUnknownEntity, kind: .badInput, "Unknown circuit \"\(id)\"") }
                return "EXTENDED 1000000"
            case .closeCircuit(let id, _):
                guard state.circuits.contains(where: { $0.id == id }) else {
                    throw TorClientError(.controlUnknownEntity, kind: .badInput, "Unknown circuit \"\(id)\"")
                }
                state.circuits.removeAll { $0.id == id }
                return nil
            case .attachStream:
                throw TorClientError(.controlUnmanagedEntity, kind: .badInput, "Connection is not managed by controller.")
            case .mapAddress:
                throw TorClientError(.controlUnknownEntity, kind: .badInput, "MAPADDRESS is not supported by this client")
            default:
                return nil
            }
        }
    }
    func owningControllerDisconnected() async { state.withLockedValue { $0.ownerDisconnections += 1 } }
}

/// A real ControlPortListener on a loopback port serving a ``ClientControlBackend`` over a
/// fake client, with a cookie in a temporary directory.
struct ControlBackendServer {
    let listener: ControlPortListener
    let client: FakeControlledClient
    let port: Int
    let directory: String
    var cookieFile: String { directory + "/" + ControlCookie.defaultFileName }
    var events: ClientControlEvents { ClientControlEvents(hub: listener.events) }

    /// The password of a server started with `password: true` and its HashedControlPassword.
    static let password = "correct horse"
    static let passwordHash = "16:A24A94CF9B5AECED603D37DE18E246C81F091D978316619ECF8EF27EE2"

    static func start(cookie: Bool = true, password: Bool = false) async throws -> ControlBackendServer {
        let directory = NSTemporaryDirectory() + "control-backend-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = TorConfiguration.defaults(homeDirectory: directory)
        configuration.cookieAuthentication = cookie
        configuration.cookieAuthFile = directory + "/" + ControlCookie.defaultFileName
        if password, let hash = HashedControlPassword(passwordHash) { configuration.hashedControlPasswords = [hash] }
        let client = FakeControlledClient()
        let listener = try await ControlPortListener.bind(
            endpoints: [ListenEndpoint(address: "127.0.0.1", port: .automatic)], group: MultiThreadedEventLoopGroup.singleton,
            policy: try ControlAuthenticationPolicy.make(for: configuration), torVersion: client.version,
            backend: ClientControlBackend(client: client), logger: Logger(label: "control-backend-test"))
        guard let port = listener.localAddresses.first?.port else { throw ControlPortError(.bindFailed, kind: .resource, "no port") }
        return ControlBackendServer(listener: listener, client: client, port: port, directory: directory)
    }

    func stop() async {
        await listener.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
