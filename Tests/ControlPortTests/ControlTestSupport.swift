import Foundation
import ControlPort
import NIOConcurrencyHelpers
import NIOCore
import TorCore

/// A backend with fixed answers that records what it was asked, for dispatcher tests.
final class RecordingBackend: ControlPortBackend {
    struct Log {
        var signals: [ControlSignal] = []
        var changes: [[ControlConfigurationChange]] = []
        var saves: [Bool] = []
        var commands: [ControlClientCommand] = []
        var ownerDisconnections = 0
        var options: [String: [String]] = ["SocksPort": ["9050"], "SafeLogging": ["1"], "Log": ["notice stdout", "info file /tmp/x"]]
    }

    let log = NIOLockedValueBox(Log())
    static let version = "0.4.9.11 (git-swift)"
    /// A value of about 150 kB, so its reply spans many socket reads with lines cut between them.
    static let largeText = (0..<8000).map { "Option\($0) value-\($0 * 7919 % 10007)" }.joined(separator: "\n")
    static let bootstrap = "NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\""

    func info(_ key: ControlInfoKey) async throws -> String {
        switch key {
        case .version: return Self.version
        case .bootstrapPhase: return Self.bootstrap
        case .circuitEstablished: return "1"
        case .circuitStatus: return "1 BUILT $AAAA~a,$BBBB~b PURPOSE=GENERAL\n2 LAUNCHED PURPOSE=GENERAL"
        case .streamStatus: return ""
        case .socksListeners: return "\"127.0.0.1:9050\""
        case .configFile: return "/etc/tor/torrc"
        case .trafficRead: return "1234"
        case .trafficWritten: return "5678"
        case .resilienceBreakers: return "guard-fetch closed\n.hidden leading dot"
        case .configText: return Self.largeText
        default: throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized key \"\(key)\"")
        }
    }

    func configuration(_ names: [String]) async throws -> [ControlConfigurationEntry] {
        let options = log.withLockedValue { $0.options }
        var entries: [ControlConfigurationEntry] = []
        for requested in names {
            // Option names are case-insensitive (stem sends them lower-cased); reply canonically.
            guard let name = options.keys.first(where: { $0.lowercased() == requested.lowercased() }), let values = options[name] else {
                throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized configuration key \"\(requested)\"")
            }
            entries += values.isEmpty ? [ControlConfigurationEntry(name: name, value: nil)] : values.map { ControlConfigurationEntry(name: name, value: $0) }
        }
        return entries
    }

    func changeConfiguration(_ changes: [ControlConfigurationChange]) async throws {
        for change in changes where log.withLockedValue({ $0.options[change.name] == nil }) {
            throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unrecognized option \"\(change.name)\"")
        }
        for change in changes {
            if case .set(let value) = change.operation, change.name == "SocksPort", UInt16(value) == nil {
                throw ControlPortError(.invalidConfigValue, kind: .badInput, "Invalid SocksPort \"\(value)\"")
            }
        }
        log.withLockedValue { log in
            log.changes.append(changes)
            for change in changes {
                switch change.operation {
                case .set(let value): log.options[change.name] = [value]
                case .clear, .reset: log.options[change.name] = []
                }
            }
        }
    }

    func saveConfiguration(force: Bool) async throws {
        log.withLockedValue { $0.saves.append(force) }
    }

    func signal(_ signal: ControlSignal) async throws {
        if signal == .dump { throw ControlPortError(.notSupported, kind: .badInput, "DUMP is not supported yet") }
        log.withLockedValue { $0.signals.append(signal) }
    }

    func perform(_ command: ControlClientCommand) async throws -> String? {
        log.withLockedValue { $0.commands.append(command) }
        switch command {
        case .extendCircuit(let id, _, _):
            guard id == "0" else { throw ControlPortError(.unrecognizedEntity, kind: .badInput, "Unknown circuit \"\(id)\"") }
            return "EXTENDED 7"
        case .attachStream: throw ControlPortError(.unmanagedEntity, kind: .badInput, "Connection is not managed by controller.")
        case .mapAddress(let pairs):
            guard !pairs.isEmpty else { throw ControlPortError(.badArgument, kind: .badInput, "bad mapping") }
            return pairs.map { "\($0.from)=\($0.to)" }.joined(separator: "\n")
        default: return nil
        }
    }

    func owningControllerDisconnected() async {
        log.withLockedValue { $0.ownerDisconnections += 1 }
    }
}

enum ControlTestData {
    static let cookie = [UInt8](0..<32)
    static let serverNonce = [UInt8](repeating: 0xAB, count: 32)

    static func session(
        cookie: [UInt8]? = ControlTestData.cookie, passwords: [String] = []
    ) -> ControlSessionStateMachine {
        let policy = ControlAuthenticationPolicy(
            cookie: cookie.map { SecretBytes($0) }, cookieFilePath: cookie == nil ? nil : "/var/lib/tor/control_auth_cookie",
            hashedPasswords: passwords.compactMap(HashedControlPassword.init))
        let authenticator = ControlAuthenticator(policy: policy, nonceSource: { count in [UInt8](repeating: 0xAB, count: count) })
        return ControlSessionStateMachine(authenticator: authenticator, torVersion: "0.4.9.11")
    }

    static func authenticated() -> ControlSessionStateMachine {
        var session = session()
        _ = session.receive(ControlCommand(keyword: "AUTHENTICATE", arguments: hex(cookie)))
        precondition(session.isAuthenticated)
        return session
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02X", $0) }.joined()
    }

    static func text(_ reply: ControlReply) -> String {
        String(decoding: reply.encoded, as: UTF8.self)
    }

    static func text(_ action: ControlAction) -> String {
        switch action {
        case .reply(let reply): text(reply)
        case .replyAndClose(let reply): "CLOSE " + text(reply)
        case .perform(let request): "PERFORM \(request)"
        }
    }
}
