import TorCore

/// Turns a validated ``ControlRequest`` into a reply by asking a ``ControlPortBackend``.
///
/// Backend errors map to replies as ``ControlPortBackend`` documents (552, 553, 512, 555,
/// else 551);
/// nothing a backend throws escapes as a crash or a missing reply.
public enum ControlRequestExecutor {
    /// The reply to `request`.
    public static func reply(to request: ControlRequest, backend: some ControlPortBackend) async -> ControlReply {
        do {
            switch request {
            case .getInfo(let keys):
                var lines: [ControlReply.Line] = []
                for key in keys {
                    let value = try await backend.info(key)
                    lines.append(value.contains("\n") ? .data(header: key.rawValue + "=", body: value) : .text(key.rawValue + "=" + value))
                }
                return ControlReply(.ok, lines: lines + [.text("OK")])
            case .getConfiguration(let names):
                let entries = try await backend.configuration(names)
                let lines = entries.map { entry in
                    ControlReply.Line.text(entry.value.map { entry.name + "=" + $0 } ?? entry.name)
                }
                return lines.isEmpty ? .ok : ControlReply(.ok, lines: lines)
            case .changeConfiguration(let changes):
                try await backend.changeConfiguration(changes)
            case .saveConfiguration(let force):
                try await backend.saveConfiguration(force: force)
            case .signal(let signal):
                try await backend.signal(signal)
            case .command(let command):
                // A multi-line answer (MAPADDRESS with several pairs) is one 250 line each.
                let answer = try await backend.perform(command) ?? "OK"
                guard answer.contains("\n") else { return ControlReply(.ok, answer) }
                return ControlReply(.ok, lines: answer.split(separator: "\n").map { .text(String($0)) })
            }
            return .ok
        } catch let error as ControlPortError {
            switch error.code {
            case .unrecognizedEntity: return ControlReply(.unrecognizedEntity, error.reason)
            case .invalidConfigValue: return ControlReply(.invalidConfigValue, error.reason)
            case .badArgument: return ControlReply(.argumentSyntaxError, error.reason)
            case .unmanagedEntity: return ControlReply(.unmanagedEntity, error.reason)
            default: return ControlReply(.internalError, error.reason)
            }
        } catch {
            return ControlReply(.internalError, "Internal error: \(error)")
        }
    }
}

extension ControlPortError.Code {
    /// A command argument the backend cannot use, such as a malformed circuit path (reply 512).
    public static let badArgument: Self = "control.bad-argument"
    /// An entity the controller does not manage (reply 555).
    public static let unmanagedEntity: Self = "control.unmanaged-entity"
}
