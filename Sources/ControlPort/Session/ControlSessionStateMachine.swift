/// One controller connection's protocol state (control-spec.txt §3): authentication, event
/// subscriptions, and the command table. Sans-IO: commands in, ``ControlAction`` out.
///
/// Invariants: before authentication only PROTOCOLINFO, AUTHCHALLENGE, AUTHENTICATE and QUIT
/// are served; anything else gets `514` and the connection closes, as C tor does. A failed
/// AUTHENTICATE gets `515` and closes. Subscriptions change only through SETEVENTS.
public struct ControlSessionStateMachine: Sendable {
    /// The version PROTOCOLINFO reports.
    public let torVersion: String
    private var authenticator: ControlAuthenticator
    /// Whether AUTHENTICATE succeeded on this connection.
    public private(set) var isAuthenticated = false
    /// The events SETEVENTS asked for.
    public private(set) var subscribedEvents: Set<ControlEventKind> = []
    /// Whether this connection sent TAKEOWNERSHIP: the client exits when it closes (§3.23).
    public internal(set) var ownsClient = false

    private static let allowedBeforeAuthentication: Set<String> = ["PROTOCOLINFO", "AUTHCHALLENGE", "AUTHENTICATE", "QUIT"]

    /// A session at the start of a connection.
    public init(authenticator: ControlAuthenticator, torVersion: String) {
        self.authenticator = authenticator
        self.torVersion = torVersion
    }

    /// The action for one complete command.
    public mutating func receive(_ command: ControlCommand) -> ControlAction {
        if !isAuthenticated && !Self.allowedBeforeAuthentication.contains(command.keyword) {
            return .replyAndClose(ControlReply(.authenticationRequired, "Authentication required."))
        }
        let arguments: [ControlArgument]
        do {
            arguments = try command.parsedArguments()
        } catch {
            return .reply(Self.reply(for: error))
        }
        switch command.keyword {
        case "QUIT": return .replyAndClose(ControlReply(.ok, "closing connection"))
        case "PROTOCOLINFO": return .reply(authenticator.protocolInfo(torVersion: torVersion))
        case "AUTHCHALLENGE":
            guard !isAuthenticated else { return .reply(ControlReply(.unrecognizedCommand, "AUTHCHALLENGE is only allowed before authentication")) }
            return .reply(authenticator.challenge(arguments))
        case "AUTHENTICATE":
            guard !isAuthenticated else { return .reply(.ok) }
            let (reply, authenticated) = authenticator.authenticate(arguments)
            isAuthenticated = authenticated
            return authenticated ? .reply(reply) : .replyAndClose(reply)
        case "SETEVENTS": return .reply(setEvents(arguments))
        case "GETINFO": return getInfo(arguments)
        case "GETCONF":
            guard !arguments.isEmpty, arguments.allSatisfy({ $0.key == nil && !$0.wasQuoted }) else {
                return .reply(ControlReply(.argumentSyntaxError, "GETCONF needs one or more option names"))
            }
            return .perform(.getConfiguration(arguments.map(\.value)))
        case "SETCONF", "RESETCONF": return changeConfiguration(arguments, isReset: command.keyword == "RESETCONF")
        case "SAVECONF":
            let force = arguments.contains { $0.key == nil && $0.value.uppercased() == "FORCE" }
            return .perform(.saveConfiguration(force: force))
        case "SIGNAL":
            guard arguments.count == 1, arguments[0].key == nil else {
                return .reply(ControlReply(.argumentSyntaxError, "SIGNAL takes exactly one signal name"))
            }
            let signal = ControlSignal(arguments[0].value)
            guard ControlSignal.supported.contains(signal) else {
                return .reply(ControlReply(.unrecognizedEntity, "Unrecognized signal code \"\(arguments[0].value)\""))
            }
            return .perform(.signal(signal))
        case "USEFEATURE": return .reply(Self.useFeature(arguments))
        case "TAKEOWNERSHIP":
            ownsClient = true
            return .reply(.ok)
        default:
            if let action = Self.clientCommand(command.keyword, arguments) { return action }
            return .reply(ControlReply(.unrecognizedCommand, "Unrecognized command \"\(command.keyword)\""))
        }
    }

    /// The action for a framing error from ``ControlCommandDecoder``: a bad keyword is answered
    /// and reading goes on; an over-long line or body leaves no resync point, so we close.
    public func malformed(_ error: ControlPortError) -> ControlAction {
        switch error.code {
        case .badKeyword: return .reply(ControlReply(.unrecognizedCommand, error.reason))
        default: return .replyAndClose(ControlReply(.protocolSyntaxError, "Protocol error: \(error.reason); closing connection"))
        }
    }

    private mutating func setEvents(_ arguments: [ControlArgument]) -> ControlReply {
        var kinds: Set<ControlEventKind> = []
        for (position, argument) in arguments.enumerated() {
            if position == 0 && argument.key == nil && argument.value.uppercased() == "EXTENDED" { continue }
            let kind = ControlEventKind(argument.value)
            guard argument.key == nil, ControlEventKind.supported.contains(kind) else {
                return ControlReply(.unrecognizedEntity, "Unrecognized event \"\(argument.value)\"")
            }
            kinds.insert(kind)
        }
        subscribedEvents = kinds
        return .ok
    }

    private func getInfo(_ arguments: [ControlArgument]) -> ControlAction {
        guard !arguments.isEmpty else {
            return .reply(ControlReply(.argumentSyntaxError, "GETINFO needs one or more keys"))
        }
        var keys: [ControlInfoKey] = []
        for argument in arguments {
            let key = ControlInfoKey(argument.key.map { $0 + "=" + argument.value } ?? argument.value)
            guard argument.key == nil, !argument.wasQuoted, ControlInfoCatalog.contains(key) else {
                return .reply(ControlReply(.unrecognizedEntity, "Unrecognized key \"\(key.rawValue)\""))
            }
            keys.append(key)
        }
        return .perform(.getInfo(keys))
    }

    private func changeConfiguration(_ arguments: [ControlArgument], isReset: Bool) -> ControlAction {
        guard !arguments.isEmpty else {
            return .reply(ControlReply(.argumentSyntaxError, "\(isReset ? "RESETCONF" : "SETCONF") needs one or more options"))
        }
        var changes: [ControlConfigurationChange] = []
        for argument in arguments {
            if let name = argument.key {
                changes.append(ControlConfigurationChange(name: name, operation: .set(argument.value)))
            } else if !argument.wasQuoted {
                changes.append(ControlConfigurationChange(name: argument.value, operation: isReset ? .reset : .clear))
            } else {
                return .reply(ControlReply(.argumentSyntaxError, "an option name cannot be a quoted string"))
            }
        }
        return .perform(.changeConfiguration(changes))
    }

    /// The reply for an argument-parsing error.
    static func reply(for error: ControlPortError) -> ControlReply {
        ControlReply(.argumentSyntaxError, error.reason)
    }
}
